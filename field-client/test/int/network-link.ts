/**
 * A real TCP hop between a simulated phone and the gateway that can be cut (the radio is off, or
 * the socket dropped): the fault campaign's link, which these integration tests share.
 */
export { NetworkLink } from '../../../scripts/chaos/network-link';

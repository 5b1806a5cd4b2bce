/**
 * @pco/workers/test-support: stand-ins production never wires. A fleet that cannot run here
 * (SimulatedFleetFake) and the direct Socket.IO ports for a worker sharing the gateway's process.
 */
export { SimulatedFleetFake, type SimulatedFleetOptions } from './simulated-fleet';
export { socketFleetPort, socketGatewayPort } from './socket-ports';
/** The wired system of `npm start` (fresh database, gateway, worker, SMTP inbox) for end-to-end tests (console/). */
export * from '../test/wiring-support';
export { settleEach, teardownAll } from '../test/teardown';

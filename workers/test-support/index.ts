/**
 * @pco/workers/test-support: stand-ins production never wires. A fleet that cannot run here
 * (SimulatedFleetFake) and the direct Socket.IO ports for a worker sharing the gateway's process.
 */
export { SimulatedFleetFake, type SimulatedFleetOptions } from './simulated-fleet';
export { socketFleetPort, socketGatewayPort } from './socket-ports';

/**
 * @pco/sync-socket/test-support: a real gateway on an ephemeral port, signing with demo keys and a
 * typed device socket, for every package's tests and the benchmark (package.json `exports`).
 */
export * from './device-events';
export * from './signing';
export * from './socket-client';
export * from './test-gateway';

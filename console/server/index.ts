/**
 * @pco/console/server: what `npm start` needs to serve the console in its own process (the store
 * pool and Temporal client of the console, and the Express host). The package's only entry point.
 */
export { startConsoleServer, type ConsoleServerOptions, type RunningConsole } from './http';
export { createConsoleServices, type OwnedConsoleServices } from './services';

/**
 * The console on its own (production, Compose, and the e2e tests' child process):
 * `node --import tsx console/server/main.ts [--port N] [--host H]` serves `console/build` at the port of
 * CONSOLE_URL (or --port; 0 picks a free one) against DATABASE_URL and TEMPORAL_ADDRESS, and
 * prints one line `console listening on <url>`. SIGINT/SIGTERM close it cleanly.
 */
import { ConfigError, loadConfigOrExit, requireConsoleSessionSecret } from '@pco/config';
import { startConsoleServer } from './http';
import { createConsoleServices } from './services';

function flag(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  if (!config.database.url) {
    console.error(
      'console/server/main.ts needs DATABASE_URL (npm start runs the console itself, beside the embedded database).',
    );
    process.exit(78);
  }
  try {
    requireConsoleSessionSecret(config);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(78);
  }
  const port = flag('--port') === undefined ? config.console.port : Number(flag('--port'));
  const services = await createConsoleServices(config, config.database.url);
  const running = await startConsoleServer({ services, port, host: flag('--host') ?? '127.0.0.1', mode: 'build' });
  console.log(`console listening on ${running.url}`);
  const stop = () => {
    void running
      .close()
      .then(() => services.close())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error('console failed to start:', error);
  process.exit(1);
});

/**
 * Child process entry: the REAL gateway (startGateway) on an ephemeral port, talking to the
 * parent over IPC. Running it alone in its process keeps client work out of its memory figure.
 */
import { startGateway, type RunningGateway } from '@pco/sync-socket';
import { DEFAULT_POOL_MAX } from '@pco/store';
import { ChildProfiler } from './child-profiler';
import type { ChildReply, ParentCommand } from './gateway-ipc';

const profiler = new ChildProfiler();

const send = (reply: ChildReply): void => void process.send?.(reply);

async function main(): Promise<void> {
  const databaseUrl = process.env.BENCH_DATABASE_URL;
  const overrides = JSON.parse(process.env.BENCH_GATEWAY_OVERRIDES ?? '{}');
  if (!databaseUrl) throw new Error('BENCH_DATABASE_URL is required');
  const running: RunningGateway = await startGateway({ port: 0, databaseUrl, gateway: overrides });
  process.on('message', (command: ParentCommand) => void handle(command, running));
  send({
    type: 'ready',
    url: running.url,
    config: running.gateway.config,
    poolMax: DEFAULT_POOL_MAX,
    pid: process.pid,
  });
}

async function handle(command: ParentCommand, running: RunningGateway): Promise<void> {
  if (command.type === 'memory') {
    send({ type: 'memory', maxRssKb: process.resourceUsage().maxRSS, rssBytes: process.memoryUsage().rss });
    return;
  }
  if (command.type === 'profile-start') {
    await profiler.start();
    send({ type: 'profile-started' });
    return;
  }
  if (command.type === 'profile-stop') {
    send({ type: 'profile-written', path: await profiler.stop(command.name) });
    return;
  }
  await running.close();
  send({ type: 'stopped' });
  process.disconnect?.();
}

main().catch((error: unknown) => {
  console.error('bench gateway child failed', error);
  process.exit(1);
});

/**
 * The built console in a child process (`node --import tsx console/server/main.ts --port 0`), as
 * production runs it, pointed at the test's database, Temporal and task queue. The child prints
 * its URL; stop() sends SIGTERM and waits for the exit. A child left behind by a crashed Jest
 * dies with it: its stdin is a pipe from this process and main.ts does not hold it, so we kill
 * it explicitly in stop() and on this process's exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const REPO = join(__dirname, '../../..');

export interface ConsoleProcess {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

export async function startConsoleProcess(env: {
  databaseUrl: string;
  temporalAddress: string;
  taskQueue: string;
}): Promise<ConsoleProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join(REPO, 'console/server/main.ts'), '--port', '0'],
    {
      cwd: REPO,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_URL: env.databaseUrl,
        TEMPORAL_ADDRESS: env.temporalAddress,
        TASK_QUEUE: env.taskQueue,
        // The origin the browser will use; the console also accepts its own request origin.
        CONSOLE_URL: 'http://localhost:45006',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      const match = /console listening on (\S+)/.exec(output);
      if (match) resolve(match[1]);
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`console exited with ${code} before listening:\n${output}`)));
  });
  return {
    url,
    output: () => output,
    async stop() {
      process.removeListener('exit', kill);
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(kill, 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

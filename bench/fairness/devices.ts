/**
 * The bench's simulated phones: quiet devices timing one-event upload round trips (in this
 * process), and one flooding device (in a child process) that pipelines pulls or uploads.
 */
import { fork } from 'node:child_process';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import type { SignedEvent } from '@pco/domain';
import { connectDevice, freshAuth, upload, type DeviceSocket } from '@pco/sync-socket/test-support';
import type { BenchDevice } from '../sync/fixtures';
import type { FloodOrder, FloodReport } from './flooder-child';

export const connectBenchDevice = (url: string, device: BenchDevice): Promise<DeviceSocket> =>
  freshAuth(url, device.deviceId, device.keys).then((auth) => connectDevice(url, auth, 30_000));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A quiet device: uploads its next pre-signed event, records the round trip, pauses, until stopped. */
export class QuietDevice {
  private next = 0;
  constructor(
    readonly socket: DeviceSocket,
    private readonly events: readonly SignedEvent[],
  ) {}

  async run(until: () => boolean, pauseMs: number, timeoutMs: number, samples: number[]): Promise<void> {
    while (!until()) {
      const event = this.events[this.next];
      if (!event) throw new Error('quiet device ran out of pre-signed events; raise the count');
      const started = performance.now();
      const ack = await upload(this.socket, [event], timeoutMs);
      const elapsed = performance.now() - started;
      if (!ack.ok) {
        // A refused quiet upload is a fairness failure too: count it as a sample and resend later.
        if (ack.error.code !== 'RATE_LIMITED')
          throw new Error(`quiet upload refused: ${ack.error.code} ${ack.error.message}`);
      } else {
        const answer = ack.data.answers[0];
        if (answer?.status !== 'accepted') throw new Error(`quiet event not accepted: ${JSON.stringify(answer)}`);
        this.next += 1;
      }
      samples.push(elapsed);
      await sleep(pauseMs);
    }
  }
}

/** Runs the flood in a child process (flooder-child.ts) and resolves with its counts. */
export function floodFromChild(order: FloodOrder): Promise<FloodReport> {
  const child = fork(join(__dirname, 'flooder-child.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, FLOOD_ORDER: JSON.stringify(order) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // The flooding phone's own CPU is not the server's: on this shared machine its client work
  // (encoding thousands of messages a second) runs at the lowest priority so it does not pass
  // for server load.
  if (child.pid) setPriority(child.pid, 19);
  return new Promise((resolve, reject) => {
    let report: FloodReport | null = null;
    child.once('message', (message) => (report = message as FloodReport));
    child.once('exit', (code) =>
      report ? resolve(report) : reject(new Error(`flooder exited with ${code} and no report`)),
    );
  });
}

export const privateKeyPkcs8 = (device: BenchDevice): string =>
  (device.keys.privateKey.export({ format: 'der', type: 'pkcs8' }) as Buffer).toString('base64');

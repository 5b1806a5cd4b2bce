/**
 * The bench's simulated phones: quiet devices timing one-event upload round trips, and one
 * flooding device that pipelines pulls or uploads on its single socket without pause.
 */
import type { Ack, SignedEvent } from '@pco/domain';
import { connectDevice, pull, upload, type DeviceSocket } from '../../sync-socket/test/helpers/socket-client';
import { signAuth } from '../../sync-socket/test/helpers/signing';
import type { BenchDevice } from '../sync/fixtures';

export const connectBenchDevice = (url: string, device: BenchDevice): Promise<DeviceSocket> =>
  connectDevice(url, signAuth(device.deviceId, device.keys, new Date()), 30_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A quiet device: uploads its next pre-signed event, records the round trip, pauses, until stopped. */
export class QuietDevice {
  private next = 0;
  constructor(readonly socket: DeviceSocket, private readonly events: readonly SignedEvent[]) {}

  async run(until: () => boolean, pauseMs: number, timeoutMs: number, samples: number[]): Promise<void> {
    while (!until()) {
      const event = this.events[this.next];
      if (!event) throw new Error('quiet device ran out of pre-signed events; raise the count');
      const started = performance.now();
      const ack = await upload(this.socket, [event], timeoutMs);
      const elapsed = performance.now() - started;
      if (!ack.ok) {
        // A refused quiet upload is a fairness failure too: count it as a sample and resend later.
        if (ack.error.code !== 'RATE_LIMITED') throw new Error(`quiet upload refused: ${ack.error.code} ${ack.error.message}`);
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

export interface FloodCount {
  answered: number;
  refused: Record<string, number>;
}

/** `inFlight` loops on one socket, each sending the next request as soon as the last is answered. */
export async function flood(inFlight: number, until: () => boolean, send: () => Promise<Ack<unknown>>): Promise<FloodCount> {
  const count: FloodCount = { answered: 0, refused: {} };
  const loop = async () => {
    while (!until()) {
      const ack = await send();
      if (ack.ok) count.answered += 1;
      else count.refused[ack.error.code] = (count.refused[ack.error.code] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, loop));
  return count;
}

export const pullFlood = (socket: DeviceSocket, timeoutMs: number) => () => pull(socket, { afterPosition: 0, limit: 1000 }, timeoutMs);
export const uploadFlood = (socket: DeviceSocket, batch: SignedEvent[], timeoutMs: number) => () => upload(socket, batch, timeoutMs);

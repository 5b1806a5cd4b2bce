/**
 * A device syncing its backlog: batches of `batchSize` events, each one `events:upload` whose ack
 * is awaited before the next (batchSize 1 = the spec's one-event-per-round-trip protocol).
 * Anything but `accepted` for every event fails the benchmark.
 */
import type { SignedEvent } from '@pco/domain';
import { upload, type DeviceSocket } from '@pco/sync-socket/test-support';

export async function syncBacklog(
  socket: DeviceSocket,
  events: readonly SignedEvent[],
  batchSize: number,
  timeoutMs: number,
): Promise<void> {
  for (let start = 0; start < events.length; start += batchSize) {
    const batch = events.slice(start, start + batchSize);
    const ack = await upload(socket, batch, timeoutMs);
    if (!ack.ok) throw new Error(`upload refused: ${ack.error.code} ${ack.error.message}`);
    const notAccepted = ack.data.answers.filter((a) => a.status !== 'accepted');
    if (ack.data.answers.length !== batch.length || notAccepted.length > 0) {
      throw new Error(
        `batch at ${start}: ${notAccepted.length} of ${batch.length} not accepted, first: ${JSON.stringify(notAccepted[0])}`,
      );
    }
  }
}

/** One ack round trip that touches no database: an empty upload batch. */
export const emptyRoundTrip = (socket: DeviceSocket): Promise<unknown> => upload(socket, []);

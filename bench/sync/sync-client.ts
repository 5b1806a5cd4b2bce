/**
 * A device syncing its backlog: batches of `batchSize` events, each one `events:upload` whose ack
 * is awaited before the next (batchSize 1 = the spec's one-event-per-round-trip protocol).
 * Anything but `accepted` for every event fails the benchmark.
 */
import type { Ack, SignedEvent, UploadResult } from '@pco/domain';
import { upload, type DeviceSocket } from '@pco/sync-socket/test-support';
import type { PreEncodedBatch } from './pre-encoded';

function assertAllAccepted(ack: Ack<UploadResult>, sent: number, at: number): void {
  if (!ack.ok) throw new Error(`upload refused: ${ack.error.code} ${ack.error.message}`);
  const notAccepted = ack.data.answers.filter((a) => a.status !== 'accepted');
  if (ack.data.answers.length !== sent || notAccepted.length > 0) {
    throw new Error(
      `batch at ${at}: ${notAccepted.length} of ${sent} not accepted, first: ${JSON.stringify(notAccepted[0])}`,
    );
  }
}

/** The same, with batches encoded beforehand (socket connected with preEncodingParser). */
export async function syncPreEncoded(
  socket: DeviceSocket,
  batches: readonly PreEncodedBatch[],
  timeoutMs: number,
): Promise<void> {
  let at = 0;
  for (const batch of batches) {
    const ack: Ack<UploadResult> = await socket
      .timeout(timeoutMs)
      .emitWithAck('events:upload', batch as unknown as { events: SignedEvent[] });
    assertAllAccepted(ack, batch.events.length, at);
    at += batch.events.length;
  }
}

export async function syncBacklog(
  socket: DeviceSocket,
  events: readonly SignedEvent[],
  batchSize: number,
  timeoutMs: number,
): Promise<void> {
  for (let start = 0; start < events.length; start += batchSize) {
    const batch = events.slice(start, start + batchSize);
    assertAllAccepted(await upload(socket, batch, timeoutMs), batch.length, start);
  }
}

/** One ack round trip that touches no database: an empty upload batch. */
export const emptyRoundTrip = (socket: DeviceSocket): Promise<unknown> => upload(socket, []);

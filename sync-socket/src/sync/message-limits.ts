/**
 * The first thing every incoming socket message meets (a Socket.IO middleware, so no message
 * type can slip past): a per-device token bucket per message name, then a size check.
 *
 * Size: Socket.IO's own limit (maxHttpBufferSize) closes the connection without a word, so a
 * client could not tell a too-large batch from a network drop and resent it for ever. That limit
 * is set well above `maxMessageBytes`; a message between the two is parsed and answered here with
 * PAYLOAD_TOO_LARGE and the figure to split under (`maxBytes`), and the connection stays up.
 * The size is that of the JSON arguments, which is what the client controls and can measure.
 *
 * A refused message reaches no handler: nothing is read or written for it (Socket.IO has parsed
 * it already; that much a flood still costs). A socket that ignores refusals is NOT dropped: tried
 * in bench:fairness, the reconnect loop it turns into (handshake, device lookup, outbox drain) cost
 * the other devices more than answering refusals did.
 */
import type { Ack } from '@pco/domain';
import { GatewayError, type ClientError } from '../errors';
import type { GatewaySocket } from '../socket-types';
import type { TokenBuckets } from './rate-limiter';

export interface MessageLimits {
  maxMessageBytes: number;
  /** Buckets by message name; names without their own use `other`. */
  buckets: Record<string, TokenBuckets> & { other: TokenBuckets };
  /**
   * Events per device in `events:upload` (the work of an upload grows with its events: signature
   * checks, the commit). The burst covers a device's whole queue (at most 500 unsynced events).
   */
  uploadEvents: TokenBuckets;
  now: () => Date;
}

/** PAYLOAD_TOO_LARGE carries the largest size the gateway takes, so the client can split under it. */
export class PayloadTooLargeError extends GatewayError {
  constructor(readonly maxBytes: number, size: number) {
    super('PAYLOAD_TOO_LARGE', `Message of ${size} bytes exceeds the limit of ${maxBytes} bytes; split it`);
  }
}

export const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value) ?? '');

export function limitMessages(socket: GatewaySocket, limits: MessageLimits): void {
  const { deviceId } = socket.data.session;
  socket.use((packet, next) => {
    const [name, ...rest] = packet;
    const ack = typeof rest[rest.length - 1] === 'function' ? (rest.pop() as (res: Ack<never>) => void) : null;
    const refusal = refusalOf(String(name), rest, deviceId, limits);
    if (!refusal) return next();
    // Answered here; without an ack there is nobody to tell, and the message is dropped.
    ack?.({ ok: false, error: refusal });
  });
}

function refusalOf(name: string, args: unknown[], deviceId: string, limits: MessageLimits): (ClientError & { maxBytes?: number }) | null {
  const bucket = limits.buckets[name] ?? limits.buckets.other;
  const nowMs = limits.now().getTime();
  if (!bucket.take(deviceId, nowMs)) return { code: 'RATE_LIMITED', message: `Too many ${name} messages; retry shortly` };
  if (name === 'events:upload' && !limits.uploadEvents.take(deviceId, nowMs, eventsIn(args[0]))) {
    return { code: 'RATE_LIMITED', message: 'Too many events uploaded; retry shortly' };
  }
  const size = jsonBytes(args);
  if (size <= limits.maxMessageBytes) return null;
  const error = new PayloadTooLargeError(limits.maxMessageBytes, size);
  return { code: error.code, message: error.message, maxBytes: error.maxBytes };
}

/** Events in an upload batch as sent (a malformed batch counts as one; the handler refuses it). */
function eventsIn(batch: unknown): number {
  const events = typeof batch === 'object' && batch !== null ? (batch as { events?: unknown }).events : undefined;
  return Array.isArray(events) ? Math.max(1, events.length) : 1;
}

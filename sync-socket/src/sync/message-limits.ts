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
 * it already; that much a flood still costs). A device that keeps sending after RATE_LIMITED is
 * cut off for a cool-down (flood-guard.ts): its socket is closed and its handshakes are refused
 * before any database work until the cool-down ends.
 */
import type { Ack } from '@pco/domain';
import type { ClientError } from '../errors';
import type { GatewaySocket } from '../socket-types';
import type { FloodGuard } from './flood-guard';
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
  /** Bytes of every message per device (JSON size of its arguments); the burst is at least maxMessageBytes. */
  bytes: TokenBuckets;
  maxBatchEvents: number;
  now: () => Date;
  /** Cuts off a device that keeps sending after RATE_LIMITED; absent ⇒ refusals only. */
  flood?: FloodGuard;
}

type Refusal = ClientError & { maxBytes?: number };

/**
 * Deepest nesting a message may have. Ours nest about 6 deep (arguments, batch, events, event,
 * offlineContext or data, a value); JSON.parse accepts tens of thousands of levels, and every
 * recursive walk after it (JSON.stringify below, validation, logging) would overflow the stack:
 * a 300 kB message of 50,000 nested objects once brought the whole gateway down.
 */
export const MAX_MESSAGE_NESTING = 32;

/** True when `value` nests deeper than `max` objects/arrays. Iterative: no recursion to overflow. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<{ node: unknown; depth: number }> = [{ node: value, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth >= max) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (typeof child === 'object' && child !== null) stack.push({ node: child, depth: depth + 1 });
    }
  }
  return false;
}

const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value) ?? '');

export function limitMessages(socket: GatewaySocket, limits: MessageLimits): void {
  const { deviceId } = socket.data.session;
  socket.use((packet, next) => {
    const [name, ...rest] = packet;
    const ack = typeof rest[rest.length - 1] === 'function' ? (rest.pop() as (res: Ack<never>) => void) : null;
    let refusal: Refusal | null;
    try {
      refusal = refusalOf(String(name), rest, deviceId, limits);
    } catch {
      // Whatever a message does to these checks, it is refused: a throw here would escape Socket.IO and end the process.
      refusal = { code: 'VALIDATION_ERROR', message: 'Message could not be read' };
    }
    if (!refusal) return next();
    // Answered here; without an ack there is nobody to tell, and the message is dropped.
    ack?.({ ok: false, error: refusal });
    if (refusal.code === 'RATE_LIMITED' && limits.flood?.refused(deviceId, limits.now().getTime())) {
      socket.disconnect(true);
    }
  });
}

/**
 * Message bucket, then nesting, then size (a too-large batch costs one message, not its events: the client
 * halves it and resends), then the bytes bucket, then the events bucket. An upload counts at most maxBatchEvents events,
 * so an over-long batch reaches the handler's VALIDATION_ERROR instead of being refused for rate
 * for ever.
 */
function refusalOf(name: string, args: unknown[], deviceId: string, limits: MessageLimits): Refusal | null {
  // Own keys only: a message named `constructor` or `__proto__` must not find Object's members (it crashed the gateway).
  const bucket = Object.hasOwn(limits.buckets, name) ? limits.buckets[name] : limits.buckets.other;
  const nowMs = limits.now().getTime();
  if (!bucket.take(deviceId, nowMs))
    return { code: 'RATE_LIMITED', message: `Too many ${name} messages; retry shortly` };
  if (nestsDeeperThan(args, MAX_MESSAGE_NESTING))
    return { code: 'VALIDATION_ERROR', message: `Message nests deeper than ${MAX_MESSAGE_NESTING} levels` };
  const size = jsonBytes(args);
  if (size > limits.maxMessageBytes) {
    const message = `Message of ${size} bytes exceeds the limit of ${limits.maxMessageBytes} bytes; split it`;
    return { code: 'PAYLOAD_TOO_LARGE', message, maxBytes: limits.maxMessageBytes };
  }
  if (!limits.bytes.take(deviceId, nowMs, size))
    return { code: 'RATE_LIMITED', message: 'Too many bytes sent; retry shortly' };
  const events = Math.min(eventsIn(args[0]), limits.maxBatchEvents);
  if (name === 'events:upload' && !limits.uploadEvents.take(deviceId, nowMs, events)) {
    return { code: 'RATE_LIMITED', message: 'Too many events uploaded; retry shortly' };
  }
  return null;
}

/** Events in an upload batch as sent (a malformed batch counts as one; the handler refuses it). */
function eventsIn(batch: unknown): number {
  const events = typeof batch === 'object' && batch !== null ? (batch as { events?: unknown }).events : undefined;
  return Array.isArray(events) ? Math.max(1, events.length) : 1;
}

/**
 * The flooding device in its own process, so its thousands of acks per second do not share an
 * event loop with the quiet devices whose round trips are timed. It keeps `inFlight` requests
 * going on one socket for `durationMs`, ignoring RATE_LIMITED (the worst client), and reconnects
 * with a fresh signed handshake whenever the gateway drops it. Reports counts over IPC.
 */
import { createPrivateKey } from 'node:crypto';
import type { Ack, SignedEvent } from '@pco/domain';
import { connectDevice, freshAuth, pull, upload, type DeviceSocket } from '@pco/sync-socket/test-support';

export interface FloodOrder {
  url: string;
  deviceId: string;
  publicKey: string;
  /** PKCS8 DER, base64. */
  privateKeyPkcs8: string;
  mode: 'pull' | 'upload';
  inFlight: number;
  durationMs: number;
  ackTimeoutMs: number;
  batch: SignedEvent[];
}

export interface FloodReport {
  answered: number;
  refused: Record<string, number>;
  /** Requests that got no answer because the connection dropped (or timed out). */
  dropped: number;
  reconnects: number;
}

async function main(): Promise<void> {
  const order = JSON.parse(process.env.FLOOD_ORDER ?? 'null') as FloodOrder;
  const keys = {
    publicKey: order.publicKey,
    privateKey: createPrivateKey({ key: Buffer.from(order.privateKeyPkcs8, 'base64'), format: 'der', type: 'pkcs8' }),
  };
  const report: FloodReport = { answered: 0, refused: {}, dropped: 0, reconnects: 0 };
  const endAt = Date.now() + order.durationMs;
  let socket: DeviceSocket | null = null;
  let connecting: Promise<DeviceSocket> | null = null;
  const connected = async (): Promise<DeviceSocket> => {
    if (socket?.connected) return socket;
    connecting ??= freshAuth(order.url, order.deviceId, keys)
      .then((auth) => connectDevice(order.url, auth, 10_000))
      .finally(() => (connecting = null));
    const fresh = await connecting;
    if (socket !== fresh) {
      if (socket) report.reconnects += 1;
      socket = fresh;
    }
    return fresh;
  };
  const send = (s: DeviceSocket): Promise<Ack<unknown>> =>
    order.mode === 'pull'
      ? pull(s, { afterPosition: 0, limit: 1000 }, order.ackTimeoutMs)
      : upload(s, order.batch, order.ackTimeoutMs);
  const loop = async () => {
    while (Date.now() < endAt) {
      try {
        const ack = await send(await connected());
        if (ack.ok) report.answered += 1;
        else report.refused[ack.error.code] = (report.refused[ack.error.code] ?? 0) + 1;
      } catch {
        report.dropped += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: order.inFlight }, loop));
  (socket as DeviceSocket | null)?.close();
  process.send?.(report);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('flooder failed', error);
    process.exit(1);
  },
);

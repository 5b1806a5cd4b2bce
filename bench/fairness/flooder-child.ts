/**
 * The flooding device in its own process, so its thousands of acks per second do not share an
 * event loop with the quiet devices whose round trips are timed. It keeps `inFlight` requests
 * going on one socket for `durationMs`, ignoring RATE_LIMITED (the worst client), and reconnects
 * with a fresh signed handshake whenever the gateway drops it. Reports counts over IPC.
 */
import { createPrivateKey } from 'node:crypto';
import WebSocket from 'ws';
import type { Ack, SignedEvent } from '@pco/domain';
import { connectDevice, freshAuth, pull, upload, type DeviceSocket } from '@pco/sync-socket/test-support';

export interface FloodOrder {
  url: string;
  deviceId: string;
  publicKey: string;
  /** PKCS8 DER, base64. */
  privateKeyPkcs8: string;
  /** connections: one address opens connections that never authenticate and handshakes with forged auth. */
  mode: 'pull' | 'upload' | 'connections';
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
  await Promise.all(
    Array.from(
      { length: order.inFlight },
      order.mode === 'connections' ? () => connectionLoop(order, report, endAt) : loop,
    ),
  );
  (socket as DeviceSocket | null)?.close();
  process.send?.(report);
}

const count = (report: FloodReport, key: string): void => void (report.refused[key] = (report.refused[key] ?? 0) + 1);

/** Half the workers hold idle transport connections, the other half hammer the handshake with forged auth. */
async function connectionLoop(order: FloodOrder, report: FloodReport, endAt: number): Promise<void> {
  const idle = Math.random() < 0.5;
  while (Date.now() < endAt) {
    if (idle) {
      const outcome = await new Promise<string>((resolve) => {
        const ws = new WebSocket(`${order.url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
        const stop = setTimeout(() => ws.terminate(), Math.max(0, endAt - Date.now()));
        ws.once('unexpected-response', (_req, res) => {
          clearTimeout(stop);
          ws.terminate();
          resolve(`transport ${res.statusCode}`);
        });
        ws.once('close', () => {
          clearTimeout(stop);
          resolve('closed by server');
        });
        ws.once('error', () => {
          clearTimeout(stop);
          resolve('transport error');
        });
      });
      count(report, outcome);
      if (outcome === 'closed by server') report.answered += 1;
      continue;
    }
    try {
      const socket = await connectDevice(
        order.url,
        { deviceId: order.deviceId, timestamp: new Date().toISOString(), nonce: 'forged', signature: 'forged' },
        order.ackTimeoutMs,
      );
      socket.close();
      count(report, 'ACCEPTED?!');
    } catch (error) {
      count(report, (error as { data?: { code?: string } }).data?.code ?? (error as Error).message);
    }
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('flooder failed', error);
    process.exit(1);
  },
);

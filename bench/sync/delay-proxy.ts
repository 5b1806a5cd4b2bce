/**
 * A TCP proxy that holds every chunk for `oneWayDelayMs` before forwarding it, in each direction,
 * keeping order per direction. It models LATENCY only: bandwidth is unlimited (loopback).
 */
import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';

export interface DelayProxy {
  /** Base URL of the proxy (same scheme as the target). */
  url: string;
  close(): Promise<void>;
}

/** Forwards from → to, each chunk after delayMs; a FIFO keeps order even if timers bunch up. */
function pipeDelayed(from: Socket, to: Socket, delayMs: number): void {
  const queue: Array<Buffer | null> = [];
  const release = () => {
    const chunk = queue.shift();
    if (chunk === undefined || to.destroyed) return;
    if (chunk === null) to.end();
    else to.write(chunk);
  };
  from.on('data', (chunk: Buffer) => {
    queue.push(chunk);
    setTimeout(release, delayMs);
  });
  from.on('end', () => {
    queue.push(null);
    setTimeout(release, delayMs);
  });
}

export async function startDelayProxy(targetUrl: string, oneWayDelayMs: number): Promise<DelayProxy> {
  const target = new URL(targetUrl);
  const open = new Set<Socket>();
  const server = createServer({ allowHalfOpen: true }, (client) => {
    const upstream = createConnection({ host: target.hostname, port: Number(target.port), allowHalfOpen: true });
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true);
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    pipeDelayed(client, upstream, oneWayDelayMs);
    pipeDelayed(upstream, client, oneWayDelayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, target.hostname, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${target.protocol}//${target.hostname}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Measured, not assumed: the median of `samples` ack round trips through a connected socket. */
export async function medianRoundTripMs(roundTrip: () => Promise<unknown>, samples = 10): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await roundTrip();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** Real socket.io-client connections for tests: connect as a device, emit with ack, await pushes. */
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type {
  Ack,
  ClientToServerEvents,
  ClockOffset,
  DeviceAuth,
  PullPage,
  PullRequest,
  ServerToClientEvents,
  SignedEvent,
  UploadResult,
} from '@pco/domain';

export type DeviceSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** What a refused handshake gives the client. */
export interface ConnectRefusal {
  message: string;
  data?: { code: string; message: string };
}

const DEFAULT_TIMEOUT_MS = 5_000;

/** A handshake made when the transport is open, from the connection's id (connection-bound nonce). */
export type BoundAuth = (connectionId: string) => DeviceAuth;

type ExtraOptions = Partial<ManagerOptions & SocketOptions>;

/** The socket (not yet connected) and the outcome of its handshake. */
function openDevice(
  url: string,
  auth: DeviceAuth | BoundAuth,
  timeoutMs: number,
  extra: ExtraOptions,
): { socket: DeviceSocket; connected: Promise<DeviceSocket> } {
  const socket: DeviceSocket = io(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: timeoutMs,
    ...extra,
    auth: typeof auth === 'function' ? (cb) => cb(auth(socket.io.engine.id)) : auth,
  });
  const connected = new Promise<DeviceSocket>((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error: Error & { data?: ConnectRefusal['data'] }) => {
      socket.close();
      reject(Object.assign(new Error(error.message), { data: error.data }));
    });
  });
  return { socket, connected };
}

/**
 * Connects over WebSocket only (no polling upgrade) unless `extra` says otherwise, resolving once
 * the handshake is accepted. `auth` is a signed handshake, or a function that signs one for the
 * connection's id. `extra`: more socket.io-client options (long-polling, the benchmark's parser).
 */
export function connectDevice(
  url: string,
  auth: DeviceAuth | BoundAuth,
  timeoutMs = DEFAULT_TIMEOUT_MS,
  extra: ExtraOptions = {},
): Promise<DeviceSocket> {
  return openDevice(url, auth, timeoutMs, extra).connected;
}

/** Connects and records the first clock:offset, listening before the handshake so it cannot be missed. */
export async function connectWithClockOffset(
  url: string,
  auth: DeviceAuth | BoundAuth,
): Promise<{ socket: DeviceSocket; offset: Promise<ClockOffset> }> {
  const { socket, connected } = openDevice(url, auth, DEFAULT_TIMEOUT_MS, {});
  const offset = new Promise<ClockOffset>((resolve) => socket.once('clock:offset', resolve));
  return { socket: await connected, offset };
}

/** The refusal of a handshake that is expected to fail (throws if it succeeds). */
export async function expectRefused(url: string, auth: DeviceAuth | BoundAuth): Promise<ConnectRefusal> {
  try {
    const socket = await connectDevice(url, auth);
    socket.close();
  } catch (error) {
    return error as ConnectRefusal;
  }
  throw new Error('handshake was accepted but a refusal was expected');
}

export function upload(
  socket: DeviceSocket,
  events: SignedEvent[],
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<Ack<UploadResult>> {
  return socket.timeout(timeoutMs).emitWithAck('events:upload', { events });
}

export function pull(
  socket: DeviceSocket,
  request: PullRequest,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<Ack<PullPage>> {
  return socket.timeout(timeoutMs).emitWithAck('events:pull', request);
}

/** Sends anything (malformed payloads included) on an event name, returning the ack. */
export function emitRaw(
  socket: DeviceSocket,
  event: string,
  payload: unknown,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<unknown> {
  return (socket as unknown as Socket).timeout(timeoutMs).emitWithAck(event, payload);
}

/** Resolves with the next payload of a server event, or rejects after timeoutMs. */
export function nextMessage<E extends keyof ServerToClientEvents>(
  socket: DeviceSocket,
  event: E,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`no ${String(event)} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: Parameters<ServerToClientEvents[E]>[0]) => {
      clearTimeout(timer);
      resolve(payload);
    };
    socket.once(event, listener as never);
  });
}

/** Collects every payload of a server event until stop() is called. */
export function collect<E extends keyof ServerToClientEvents>(socket: DeviceSocket, event: E) {
  const received: Array<Parameters<ServerToClientEvents[E]>[0]> = [];
  const listener = (payload: Parameters<ServerToClientEvents[E]>[0]) => void received.push(payload);
  socket.on(event, listener as never);
  return { received, stop: () => void socket.off(event, listener as never) };
}

export function waitForDisconnect(socket: DeviceSocket, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<string> {
  if (socket.disconnected) return Promise.resolve('already disconnected');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still connected after ${timeoutMs} ms`)), timeoutMs);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

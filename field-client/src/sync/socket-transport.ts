import {
  DEVICE_AUTH_HEADER,
  type Ack,
  type ClientToServerEvents,
  type DeviceAuth,
  type PullPage,
  type PullRequest,
  type ReferenceDataResponse,
  type ServerToClientEvents,
  type SignedEvent,
  type UploadResult,
} from '@pco/domain';
import { io, type Socket } from 'socket.io-client';
import { HTTP_PATHS, SYNC_CONFIG } from '../config';
import { FieldClientError, messageOf } from '../errors';
import { fetchWithTimeout } from './http';
import type { HealthResult, ServerPush, SyncTransport } from './transport';

export interface SocketTransportOptions {
  baseUrl: string;
  /** A fresh server challenge, signed: device HTTP requests (each single use), and the socket handshake
   *  when `signConnection` is absent. */
  auth: () => Promise<DeviceAuth>;
  /** The socket handshake bound to the connection's id, signed when the transport opens: no request
   *  before the socket (one round trip fewer per connect). */
  signConnection?: (connectionId: string) => Promise<DeviceAuth>;
  ackTimeoutMs?: number;
  healthTimeoutMs?: number;
  fetchImpl?: typeof fetch;
  now?: () => number;
}

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Socket.IO implementation: websocket only, ack with timeout, handshake auth as a callback. */
export class SocketIoTransport implements SyncTransport {
  private readonly socket: ClientSocket;
  private readonly listeners = new Set<(push: ServerPush) => void>();
  private preparedAuth: DeviceAuth | null = null;

  constructor(private readonly options: SocketTransportOptions) {
    this.socket = io(options.baseUrl, {
      transports: ['websocket'],
      autoConnect: false,
      // Bound to the connection when the client can sign it (the id is known once the transport
      // is open). Otherwise connect() fetches the challenge first, so a failure to get one surfaces
      // with its own (retryable) code; an automatic reconnection asks here.
      auth: (cb) => {
        const { signConnection } = options;
        if (signConnection) {
          signConnection(this.socket.io.engine.id).then(cb, () => cb({}));
          return;
        }
        const ready = this.preparedAuth;
        this.preparedAuth = null;
        if (ready) cb(ready);
        else options.auth().then(cb, () => cb({}));
      },
    });
    this.socket.on('events:new', (event) => this.emitPush({ kind: 'events:new', event }));
    this.socket.on('conflict:notice', (notice) => this.emitPush({ kind: 'conflict:notice', notice }));
    this.socket.on('conflict:resolved', (n) => this.emitPush({ kind: 'conflict:resolved', ...n }));
    this.socket.on('device:revoked', (n) => this.emitPush({ kind: 'device:revoked', ...n }));
    this.socket.on('recovery:admitted', (n) => this.emitPush({ kind: 'recovery:admitted', ...n }));
    this.socket.on('recovery:come-back-at', (n) => this.emitPush({ kind: 'recovery:come-back-at', ...n }));
    this.socket.on('clock:offset', (n) => this.emitPush({ kind: 'clock:offset', ...n }));
  }

  async connect(): Promise<void> {
    if (this.socket.connected) return;
    // Without a connection-bound handshake: the gateway's challenge, fetched and signed before
    // connecting (unreachable ⇒ NETWORK_ERROR/TIMEOUT, retried).
    if (!this.options.signConnection) this.preparedAuth = await this.options.auth();
    // Bounded: a handshake the gateway never answers (it died or stalled after the WebSocket
    // opened: the socket then sees only 'disconnect', neither 'connect' nor 'connect_error') would
    // otherwise hold this sync, and every later one that shares it, forever (npm run chaos).
    const timeoutMs = this.options.ackTimeoutMs ?? SYNC_CONFIG.ackTimeoutMs;
    return new Promise((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        this.socket.off('connect', onConnect);
        this.socket.off('connect_error', onError);
      };
      const onConnect = (): void => {
        done();
        resolve();
      };
      const onError = (error: Error): void => {
        done();
        this.socket.disconnect();
        reject(new FieldClientError(connectErrorCode(error), `socket connect failed: ${error.message}`));
      };
      const timer = setTimeout(() => {
        done();
        this.socket.disconnect();
        reject(new FieldClientError('TIMEOUT', `socket connect not answered within ${timeoutMs} ms`));
      }, timeoutMs);
      this.socket.once('connect', onConnect);
      this.socket.once('connect_error', onError);
      this.socket.connect();
    });
  }

  disconnect(): void {
    this.socket.disconnect();
  }

  async health(): Promise<HealthResult> {
    const now = this.options.now ?? Date.now;
    const started = now();
    try {
      await fetchWithTimeout(
        `${this.options.baseUrl}${HTTP_PATHS.health}`,
        { method: 'GET' },
        this.options.healthTimeoutMs ?? SYNC_CONFIG.healthTimeoutMs,
        this.options.fetchImpl,
      );
      return { reachable: true, latencyMs: now() - started };
    } catch {
      return { reachable: false, latencyMs: -1 };
    }
  }

  async upload(events: SignedEvent[]): Promise<UploadResult> {
    return this.call(() => this.timed().emitWithAck('events:upload', { events }));
  }

  async pull(request: PullRequest): Promise<PullPage> {
    return this.call(() => this.timed().emitWithAck('events:pull', request));
  }

  /** Authenticated like the handshake: a fresh server challenge, signed, per request (each is single use). */
  async reference(): Promise<ReferenceDataResponse> {
    const auth = await this.options.auth();
    const url = `${this.options.baseUrl}${HTTP_PATHS.reference}`;
    const init = { method: 'GET', headers: { [DEVICE_AUTH_HEADER]: JSON.stringify(auth) } };
    const response = await fetchWithTimeout(
      url,
      init,
      this.options.healthTimeoutMs ?? SYNC_CONFIG.healthTimeoutMs,
      this.options.fetchImpl,
    );
    const body = (await response.json().catch(() => null)) as
      (ReferenceDataResponse & { error?: { code: string; message: string } }) | null;
    if (!response.ok || !body || !Array.isArray(body.products)) {
      throw new FieldClientError(
        body?.error?.code ?? 'SERVER_UNAVAILABLE',
        body?.error?.message ?? `${url} answered ${response.status}`,
      );
    }
    return { products: body.products, locations: body.locations, persons: body.persons };
  }

  onPush(listener: (push: ServerPush) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private timed(): ClientSocket {
    return this.socket.timeout(this.options.ackTimeoutMs ?? SYNC_CONFIG.ackTimeoutMs) as unknown as ClientSocket;
  }

  /** A dropped connection is re-established (fresh handshake) before the emit, so retries can succeed. */
  private async call<T>(send: () => Promise<Ack<T>>): Promise<T> {
    if (!this.socket.connected) await this.connect();
    let ack: Ack<T>;
    try {
      ack = await send();
    } catch (error) {
      throw new FieldClientError('TIMEOUT', `no acknowledgement: ${messageOf(error)}`);
    }
    if (!ack.ok) throw new FieldClientError(ack.error.code, ack.error.message, ack.error.maxBytes);
    return ack.data;
  }

  private emitPush(push: ServerPush): void {
    for (const listener of this.listeners) listener(push);
  }
}

/** A handshake refused by the gateway's middleware carries its ErrorCode in `message`; the rest is the network. */
function connectErrorCode(error: Error): string {
  const data = (error as Error & { data?: { code?: string } }).data;
  if (data?.code) return data.code;
  return /^[A-Z_]+$/.test(error.message) ? error.message : 'NETWORK_ERROR';
}

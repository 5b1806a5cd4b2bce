/**
 * Limits per client address, before any device is known (issue 12). The per-device limits
 * (message-limits.ts) cannot stop a flood of connections: each handshake costs a device lookup
 * and a signature check before the gateway knows who it is.
 *
 * - Engine.IO `allowRequest` (every new transport connection, before anything is parsed):
 *   at most `maxConnectionsPerAddress` open connections per address, and at most
 *   `maxUnauthenticated` / `maxUnauthenticatedPerAddress` connections that have not (yet)
 *   authenticated a device. Refused with HTTP 403 by Engine.IO: no typed code is possible there.
 *   Socket.IO's `connectTimeout` closes a connection that never sends its CONNECT.
 * - Socket.IO middleware, first before the device auth: a token bucket of handshakes per address.
 *   Refused as a `connect_error` with code RATE_LIMITED before the database is touched. The
 *   challenge endpoint has a bucket of its own with the same figures (HTTP 429 RATE_LIMITED).
 *
 * The address is the TCP peer, or with `trustProxy` the last X-Forwarded-For entry (the one the
 * load balancer appended; earlier entries are the client's own claims).
 */
import type { IncomingMessage } from 'node:http';
import type { Server } from 'socket.io';
import { GatewayError } from '../errors';
import type { GatewaySocket } from '../socket-types';
import { TokenBuckets } from '../sync/rate-limiter';

export interface AddressLimitsConfig {
  maxConnectionsPerAddress: number;
  maxUnauthenticated: number;
  maxUnauthenticatedPerAddress: number;
  handshakesPerAddressPerSecond: number;
  handshakeBurstPerAddress: number;
  trustProxy: boolean;
}

export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = trustProxy ? req.headers['x-forwarded-for'] : undefined;
  const last = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded)?.split(',').pop()?.trim();
  return last || req.socket.remoteAddress || 'unknown';
}

const bump = (counts: Map<string, number>, key: string, by: number): void => {
  const next = (counts.get(key) ?? 0) + by;
  if (next <= 0) counts.delete(key);
  else counts.set(key, next);
};

export class AddressLimits {
  private readonly open = new Map<string, number>();
  private readonly unauthenticated = new Map<string, number>();
  private unauthenticatedTotal = 0;
  private readonly handshakes: TokenBuckets;
  private readonly challenges: TokenBuckets;

  constructor(
    private readonly config: AddressLimitsConfig,
    private readonly now: () => Date,
  ) {
    this.handshakes = new TokenBuckets(config.handshakesPerAddressPerSecond, config.handshakeBurstPerAddress);
    // A device fetches one challenge per handshake (and per reference request): the same figures.
    this.challenges = new TokenBuckets(config.handshakesPerAddressPerSecond, config.handshakeBurstPerAddress);
  }

  /** GET /api/auth/challenge: one token per request and address. */
  allowChallenge = (req: IncomingMessage): boolean =>
    this.challenges.take(clientAddress(req, this.config.trustProxy), this.now().getTime());

  /** Engine.IO allowRequest: refuses a new transport connection over the address's limits. */
  allowRequest = (req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void): void => {
    const address = clientAddress(req, this.config.trustProxy);
    const refused =
      (this.open.get(address) ?? 0) >= this.config.maxConnectionsPerAddress ||
      (this.unauthenticated.get(address) ?? 0) >= this.config.maxUnauthenticatedPerAddress ||
      this.unauthenticatedTotal >= this.config.maxUnauthenticated;
    callback(refused ? 'Too many connections' : null, !refused);
  };

  /** A transport connection opened (Engine.IO `connection`); `onClose` must be called when it closes. */
  connectionOpened(req: IncomingMessage): { authenticated(): void; closed(): void } {
    const address = clientAddress(req, this.config.trustProxy);
    bump(this.open, address, 1);
    bump(this.unauthenticated, address, 1);
    this.unauthenticatedTotal++;
    let authenticated = false;
    let closed = false;
    const leaveUnauthenticated = () => {
      bump(this.unauthenticated, address, -1);
      this.unauthenticatedTotal--;
    };
    return {
      authenticated: () => {
        if (authenticated || closed) return;
        authenticated = true;
        leaveUnauthenticated();
      },
      closed: () => {
        if (closed) return;
        closed = true;
        bump(this.open, address, -1);
        if (!authenticated) leaveUnauthenticated();
      },
    };
  }

  /** Socket.IO middleware, before the device auth: one handshake token per address. */
  handshakeMiddleware = (socket: GatewaySocket, next: (err?: Error & { data?: unknown }) => void): void => {
    const address = clientAddress(socket.request, this.config.trustProxy);
    if (this.handshakes.take(address, this.now().getTime())) return next();
    const refusal = new GatewayError('RATE_LIMITED', 'Too many handshakes from this address; retry shortly');
    next(Object.assign(new Error(refusal.code), { data: { code: refusal.code, message: refusal.message } }));
  };

  /** For tests and metrics. */
  snapshot(): { open: number; unauthenticated: number } {
    let open = 0;
    for (const n of this.open.values()) open += n;
    return { open, unauthenticated: this.unauthenticatedTotal };
  }
}

/** Wires the limits into a Socket.IO server: counts transport connections and marks authenticated ones. */
export function attachAddressLimits(io: Server, limits: AddressLimits): void {
  const trackers = new WeakMap<object, ReturnType<AddressLimits['connectionOpened']>>();
  io.engine.on('connection', (conn: { request: IncomingMessage; once(event: 'close', listener: () => void): void }) => {
    const tracker = limits.connectionOpened(conn.request);
    trackers.set(conn, tracker);
    conn.once('close', tracker.closed);
  });
  io.on('connection', (socket) => trackers.get(socket.conn)?.authenticated());
}

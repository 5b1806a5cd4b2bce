/**
 * Gateway tunables in one place. Ports, database URLs and the per-device limits an operator may
 * set come from @pco/config (the one module that reads the environment; its defaults are used
 * here too); these are the limits that protect the gateway itself.
 */
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { DEFAULTS } from '@pco/config';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface GatewayConfig {
  /**
   * Largest message a handler takes, in bytes of its JSON arguments: a bigger one is answered
   * PAYLOAD_TOO_LARGE (with this figure as `maxBytes`) and the connection stays up.
   */
  maxMessageBytes: number;
  /**
   * The transport's own limit (Socket.IO maxHttpBufferSize): a message above it closes the
   * connection before it is parsed, with no answer. Kept well above maxMessageBytes (default 4×).
   */
  maxHttpBufferSize: number;
  /** Largest HTTP request body in bytes (POST /api/devices). */
  maxHttpBodyBytes: number;
  /**
   * HMAC key of handshake challenges. Gateways behind one load balancer must share it
   * (@pco/config AUTH_CHALLENGE_SECRET); the default is random per process.
   */
  authChallengeSecret: string;
  /** How long a challenge may be answered, by the server's clock. */
  authChallengeTtlMs: number;
  /** Answered challenges remembered at most (each until it expires); beyond it connections are refused. */
  nonceCacheMax: number;
  /** Failed device registrations allowed per client address, and per enrolment code, within the window. */
  enrolmentMaxFailures: number;
  enrolmentFailureWindowMs: number;
  /** Per device token bucket for `events:upload`. */
  uploadRatePerSecond: number;
  uploadBurst: number;
  /** Per device token bucket of events in uploads; the burst must stay ≥ maxBatchEvents. */
  uploadEventsPerSecond: number;
  uploadEventsBurst: number;
  /** Per device token bucket for `events:pull`; any other message name shares these figures. */
  pullRatePerSecond: number;
  pullBurst: number;
  /** Uploads of one device being handled at once (one submitting, the next verifying); more ⇒ RATE_LIMITED. */
  uploadsInFlightPerDevice: number;
  /** Pulls of one device being handled at once; more ⇒ RATE_LIMITED. */
  pullsInFlightPerDevice: number;
  /** Pull queries running at once over all devices, taken round-robin per device (the rest of the pool stays free). */
  pullConcurrency: number;
  maxBatchEvents: number;
  /** Bytes of messages per device per second (token bucket; the burst is at least maxMessageBytes); more ⇒ RATE_LIMITED. */
  bytesPerSecond: number;
  bytesBurst: number;
  /** Sockets of one device at once (per gateway); over it the device's oldest sockets are closed. */
  maxConnectionsPerDevice: number;
  /**
   * RATE_LIMITED answers one device may draw within floodWindowMs before it is cut off (socket
   * closed, handshakes refused for floodCoolDownMs; sync/flood-guard.ts). 0 ⇒ never cut off.
   * A client that backs off after a refusal, as the field client does, gets a handful at most.
   */
  floodRefusalsToCutOff: number;
  floodWindowMs: number;
  floodCoolDownMs: number;
  /** Open transport connections per client address (a depot behind one NAT address shares it). */
  maxConnectionsPerAddress: number;
  /** Connections that have not authenticated a device yet: over the whole gateway, and per address. */
  maxUnauthenticated: number;
  maxUnauthenticatedPerAddress: number;
  /** A connection that sends no Socket.IO CONNECT within this long is closed (Socket.IO connectTimeout). */
  unauthenticatedTimeoutMs: number;
  /** Handshakes (Socket.IO CONNECT) per client address: token bucket; more ⇒ RATE_LIMITED before any database work. */
  handshakesPerAddressPerSecond: number;
  handshakeBurstPerAddress: number;
  /** Take the client address from the last X-Forwarded-For entry (only behind a load balancer that sets it). */
  trustProxy: boolean;
  /** Signature worker threads; 0 ⇒ verify on the event loop. */
  verifierThreads: number;
  /** Health check gives up on the database after this long (then 503). */
  healthTimeoutMs: number;
  /** Browser origins allowed to call the gateway (field client PWA, console); empty ⇒ same origin only. */
  corsOrigins: string[];
  logLevel: LogLevel;
}

export const defaultGatewayConfig = (): GatewayConfig => ({
  maxMessageBytes: DEFAULTS.GATEWAY_MAX_MESSAGE_BYTES,
  maxHttpBufferSize: 4 * DEFAULTS.GATEWAY_MAX_MESSAGE_BYTES,
  maxHttpBodyBytes: 16 * 1024,
  authChallengeSecret: randomBytes(32).toString('base64'),
  authChallengeTtlMs: 60_000,
  nonceCacheMax: 100_000,
  enrolmentMaxFailures: 10,
  enrolmentFailureWindowMs: 15 * 60_000,
  uploadRatePerSecond: DEFAULTS.GATEWAY_UPLOAD_RATE_PER_SECOND,
  uploadBurst: DEFAULTS.GATEWAY_UPLOAD_BURST,
  uploadEventsPerSecond: DEFAULTS.GATEWAY_UPLOAD_EVENTS_PER_SECOND,
  uploadEventsBurst: DEFAULTS.GATEWAY_UPLOAD_EVENTS_BURST,
  pullRatePerSecond: DEFAULTS.GATEWAY_PULL_RATE_PER_SECOND,
  pullBurst: DEFAULTS.GATEWAY_PULL_BURST,
  uploadsInFlightPerDevice: 2,
  pullsInFlightPerDevice: 1,
  pullConcurrency: DEFAULTS.GATEWAY_PULL_CONCURRENCY,
  maxBatchEvents: 500,
  bytesPerSecond: DEFAULTS.GATEWAY_BYTES_PER_SECOND,
  bytesBurst: DEFAULTS.GATEWAY_BYTES_BURST,
  maxConnectionsPerDevice: DEFAULTS.GATEWAY_MAX_CONNECTIONS_PER_DEVICE,
  floodRefusalsToCutOff: 200,
  floodWindowMs: 10_000,
  floodCoolDownMs: 30_000,
  maxConnectionsPerAddress: DEFAULTS.GATEWAY_MAX_CONNECTIONS_PER_ADDRESS,
  maxUnauthenticated: DEFAULTS.GATEWAY_MAX_UNAUTHENTICATED,
  maxUnauthenticatedPerAddress: DEFAULTS.GATEWAY_MAX_UNAUTHENTICATED_PER_ADDRESS,
  unauthenticatedTimeoutMs: 10_000,
  handshakesPerAddressPerSecond: DEFAULTS.GATEWAY_HANDSHAKES_PER_ADDRESS_PER_SECOND,
  handshakeBurstPerAddress: DEFAULTS.GATEWAY_HANDSHAKE_BURST_PER_ADDRESS,
  trustProxy: false,
  verifierThreads: Math.max(1, availableParallelism() - 1),
  healthTimeoutMs: 2_000,
  corsOrigins: [],
  logLevel: 'info',
});

/** A given maxMessageBytes without a transport limit keeps the transport limit at 4× it. */
export const resolveGatewayConfig = (overrides: Partial<GatewayConfig> = {}): GatewayConfig => {
  const defined = Object.fromEntries(
    Object.entries(overrides).filter(([, value]) => value !== undefined),
  ) as Partial<GatewayConfig>;
  const config = { ...defaultGatewayConfig(), ...defined };
  if (defined.maxHttpBufferSize === undefined)
    config.maxHttpBufferSize = Math.max(config.maxHttpBufferSize, 4 * config.maxMessageBytes);
  return config;
};

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

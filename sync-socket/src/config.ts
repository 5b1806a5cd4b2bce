/**
 * Gateway tunables in one place. Ports and database URLs come from @pco/config (the one module
 * that reads the environment); these are the limits that protect the gateway itself.
 */
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface GatewayConfig {
  /** Largest Socket.IO message in bytes; a bigger one closes the connection before parsing. */
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
  maxHttpBufferSize: 1_000_000,
  maxHttpBodyBytes: 16 * 1024,
  authChallengeSecret: randomBytes(32).toString('base64'),
  authChallengeTtlMs: 60_000,
  nonceCacheMax: 100_000,
  enrolmentMaxFailures: 10,
  enrolmentFailureWindowMs: 15 * 60_000,
  uploadRatePerSecond: 20,
  uploadBurst: 40,
  maxBatchEvents: 500,
  verifierThreads: Math.max(1, availableParallelism() - 1),
  healthTimeoutMs: 2_000,
  corsOrigins: [],
  logLevel: 'info',
});

export const resolveGatewayConfig = (overrides: Partial<GatewayConfig> = {}): GatewayConfig => ({
  ...defaultGatewayConfig(),
  ...overrides,
});

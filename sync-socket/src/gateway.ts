/**
 * The gateway app factory: an HTTP server with the Socket.IO server on it, typed with the
 * protocol maps. No listening, no environment: main.ts (the entry point) and tests do that.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import type { Ack, UploadResult } from '@pco/domain';
import type { StoreOrm } from '@pco/store';
import type { SyncAttemptReport } from '@pco/store';
import { AddressLimits, attachAddressLimits } from './auth/address-limits';
import { deviceAuthMiddleware } from './auth/device-auth';
import { createConnectionIds } from './auth/connection-ids';
import { limitConnectionsPerDevice } from './auth/device-connections';
import { createChallengeIssuer } from './auth/challenge';
import { NonceCache } from './auth/nonce-cache';
import { resolveGatewayConfig, type GatewayConfig } from './config';
import type { SignatureVerifier } from './crypto/signature-verifier';
import { createInThreadVerifier } from './crypto/signature-verifier';
import { createVerifierPool } from './crypto/verifier-pool';
import { createEnrolmentLimits } from './http/register-device';
import { createHttpHandler } from './http/routes';
import type { OnConflictDecision } from './http/conflict-decision';
import { createLogger, type Logger } from './logger';
import { startDeviceNotifications, type DeviceNotifications, type DeviceNotificationsOptions } from './notifications';
import { deviceRoom, type GatewayServer, type GatewaySocket } from './socket-types';
import { createStoreAdapter } from './store-adapter';
import type { GatewayStore } from './store-port';
import { onDeviceConnected, type OnConflicts } from './sync/connection';
import { DeviceQueue } from './sync/device-queue';
import { FairScheduler } from './sync/fair-scheduler';
import { InFlightLimit } from './sync/in-flight';
import { FloodGuard } from './sync/flood-guard';
import { TokenBuckets } from './sync/rate-limiter';

export interface CreateGatewayOptions {
  orm: StoreOrm;
  now: () => Date;
  config?: Partial<GatewayConfig>;
  /** Defaults to a worker pool of config.verifierThreads (in-thread when 0); the gateway closes only its own. */
  signatureVerifier?: SignatureVerifier;
  /** Called after a batch recorded conflicts (e.g. to start their workflows). Errors are logged. */
  onConflicts?: OnConflicts;
  /** Sends a technician's decision (POST /api/conflicts/:id/decision) to the conflict workflow. */
  onConflictDecision?: OnConflictDecision;
  /** Called after each `events:upload` is answered (succeeded ⇔ the ack was ok). Errors are logged. */
  onSyncAttempt?: OnSyncAttempt;
  /** Delivers the durable device notification outbox (off unless given: the gateway's own tests run without it). */
  deviceNotifications?: DeviceNotificationsOptions;
  logger?: Logger;
}

export type OnSyncAttempt = (report: SyncAttemptReport) => Promise<void> | void;

export interface Gateway {
  httpServer: HttpServer;
  io: GatewayServer;
  store: GatewayStore;
  config: GatewayConfig;
  /** Starts listening; port 0 ⇒ an ephemeral port. Resolves to the base URL. */
  listen(port: number, host?: string): Promise<string>;
  /** Tells the device's sockets it is revoked, then disconnects them. */
  disconnectDevice(deviceId: string, reason: string): void;
  /** The outbox delivery, when `deviceNotifications` was given. */
  notifications: DeviceNotifications | null;
  close(): Promise<void>;
}

export function createGateway(options: CreateGatewayOptions): Gateway {
  const config = resolveGatewayConfig(options.config);
  const logger = options.logger ?? createLogger(config.logLevel);
  const store = createStoreAdapter(options.orm);
  const ownVerifier = !options.signatureVerifier;
  const verifier =
    options.signatureVerifier ??
    (config.verifierThreads > 0
      ? createVerifierPool({ threads: config.verifierThreads, logger })
      : createInThreadVerifier());

  const flood =
    config.floodRefusalsToCutOff > 0
      ? new FloodGuard({
          refusalsToCutOff: config.floodRefusalsToCutOff,
          windowMs: config.floodWindowMs,
          coolDownMs: config.floodCoolDownMs,
        })
      : undefined;
  // One nonce cache for the handshake and device HTTP requests: a challenge is single use across both.
  const deviceAuth = {
    flood,
    store,
    verifier,
    now: options.now,
    logger,
    challenges: createChallengeIssuer(config.authChallengeSecret, config.authChallengeTtlMs),
    connectionIds: createConnectionIds(),
    nonces: new NonceCache(config.nonceCacheMax),
  };
  const addressLimits = new AddressLimits(
    {
      maxConnectionsPerAddress: config.maxConnectionsPerAddress,
      maxUnauthenticated: config.maxUnauthenticated,
      maxUnauthenticatedPerAddress: config.maxUnauthenticatedPerAddress,
      handshakesPerAddressPerSecond: config.handshakesPerAddressPerSecond,
      handshakeBurstPerAddress: config.handshakeBurstPerAddress,
      trustProxy: config.trustProxy,
    },
    options.now,
  );
  const httpServer = createServer(
    createHttpHandler({
      store,
      now: options.now,
      logger,
      maxBodyBytes: config.maxHttpBodyBytes,
      healthTimeoutMs: config.healthTimeoutMs,
      corsOrigins: config.corsOrigins,
      deviceAuth,
      enrolmentLimits: createEnrolmentLimits(config.enrolmentMaxFailures, config.enrolmentFailureWindowMs),
      onConflictDecision: options.onConflictDecision,
      challengeAllowed: addressLimits.allowChallenge,
    }),
  );
  const io: GatewayServer = new Server(httpServer, {
    maxHttpBufferSize: config.maxHttpBufferSize,
    allowRequest: addressLimits.allowRequest,
    connectTimeout: config.unauthenticatedTimeoutMs,
    serveClient: false,
    cors: config.corsOrigins.length > 0 ? { origin: config.corsOrigins } : undefined,
  });
  io.engine.generateId = deviceAuth.connectionIds.generate;
  attachAddressLimits(io, addressLimits);
  io.use(addressLimits.handshakeMiddleware);
  io.use(deviceAuthMiddleware(deviceAuth));
  limitConnectionsPerDevice(io, config.maxConnectionsPerDevice, logger);
  const connectionDeps = {
    io,
    store,
    verifier,
    logger,
    now: options.now,
    onConflicts: options.onConflicts,
    queue: new DeviceQueue(),
    limits: {
      maxMessageBytes: config.maxMessageBytes,
      maxBatchEvents: config.maxBatchEvents,
      now: options.now,
      buckets: {
        'events:upload': new TokenBuckets(config.uploadRatePerSecond, config.uploadBurst),
        'events:pull': new TokenBuckets(config.pullRatePerSecond, config.pullBurst),
        // Any other name (the protocol has none; Socket.IO would ignore it) still costs a token.
        other: new TokenBuckets(config.pullRatePerSecond, config.pullBurst),
      },
      uploadEvents: new TokenBuckets(
        config.uploadEventsPerSecond,
        Math.max(config.uploadEventsBurst, config.maxBatchEvents),
      ),
      bytes: new TokenBuckets(config.bytesPerSecond, Math.max(config.bytesBurst, config.maxMessageBytes)),
      flood,
    },
    uploadsInFlight: new InFlightLimit('uploads', config.uploadsInFlightPerDevice),
    pullsInFlight: new InFlightLimit('pulls', config.pullsInFlightPerDevice),
    pulls: new FairScheduler(config.pullConcurrency),
    maxBatchEvents: config.maxBatchEvents,
  };
  const disconnectDevice = (deviceId: string, reason: string): void => {
    io.to(deviceRoom(deviceId)).emit('device:revoked', { deviceId, reason });
    io.in(deviceRoom(deviceId)).disconnectSockets(true);
    logger.info('device disconnected', { deviceId, reason });
  };
  const notifications = options.deviceNotifications
    ? startDeviceNotifications(options.deviceNotifications, {
        io,
        orm: options.orm,
        now: options.now,
        logger,
        disconnectDevice,
      })
    : null;
  io.on('connection', (socket) => {
    const { serverTime, deviceTime, clockOffsetMs } = socket.data.session;
    socket.emit('clock:offset', { serverTime, deviceTime, offsetMs: clockOffsetMs });
    if (options.onSyncAttempt) reportUploadAttempts(socket, options.onSyncAttempt, options.now, logger);
    onDeviceConnected(socket, connectionDeps);
    // After the joins above (synchronous with the in-memory adapter): what it missed while offline.
    notifications?.deviceConnected(socket.data.session.deviceId);
  });

  return {
    httpServer,
    io,
    store,
    config,
    notifications,
    listen: (port, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          const address = httpServer.address() as AddressInfo;
          resolve(`http://${host}:${address.port}`);
        });
      }),
    disconnectDevice,
    async close() {
      await notifications?.close();
      // io.close() also closes the HTTP server and every client connection.
      await new Promise<void>((resolve) => io.close(() => resolve()));
      if (ownVerifier) await verifier.close();
    },
  };
}

/**
 * Wraps the ack of each `events:upload` (socket middleware, so sync/ stays unaware) to report
 * the attempt after the device has its answer. The report never delays or fails the answer.
 * RATE_LIMITED answers are not reported (nothing is written for them).
 */
function reportUploadAttempts(
  socket: GatewaySocket,
  onSyncAttempt: OnSyncAttempt,
  now: () => Date,
  logger: Logger,
): void {
  socket.use((packet, next) => {
    const last = packet.length - 1;
    const ack: unknown = packet[last];
    if (packet[0] === 'events:upload' && last > 1 && typeof ack === 'function') {
      const receivedAt = now().getTime();
      packet[last] = (response: Ack<UploadResult>) => {
        (ack as (response: Ack<UploadResult>) => void)(response);
        // A refusal for rate is the gateway protecting itself, not a failed sync: writing a metrics
        // row for each one let a flood of refused messages become a flood of database writes.
        if (response?.ok === false && response.error.code === 'RATE_LIMITED') return;
        const deviceId = socket.data.session.deviceId;
        const answeredAt = now();
        const report: SyncAttemptReport = {
          deviceId,
          at: answeredAt.toISOString(),
          succeeded: response?.ok === true,
          pendingQueueSize: null,
          latencyMs: answeredAt.getTime() - receivedAt,
        };
        Promise.resolve()
          .then(() => onSyncAttempt(report))
          .catch((error: unknown) => logger.error('onSyncAttempt hook failed', { error, deviceId }));
      };
    }
    next();
  });
}

/**
 * @pco/config — the ONE place that reads environment variables. Every other module receives
 * the values it needs from here (or as arguments), so ports and queue names are never repeated
 * as literals. `.env.example` at the repository root documents each variable.
 *
 * This module imports no Node built-ins, so workflow code may import the search attribute names.
 */
import { EnvReader, type Env } from './parse';
import {
  DEV_CONSOLE_SESSION_SECRET,
  DEVELOPMENT_CHALLENGE_SECRET,
  productionSecretProblems,
} from './production-secrets';

export * from './search-attributes';
export {
  DEFAULT_PASSWORDS,
  DEV_CONSOLE_SESSION_SECRET,
  MIN_PRODUCTION_SECRET_LENGTH,
  PRODUCTION_SECRETS,
  productionSecretProblems,
  type ProductionSecret,
} from './production-secrets';
export type { Env } from './parse';

export interface Config {
  /** Absolute path of the repository root; relative paths below are resolved against it. */
  repoRoot: string;
  database: {
    /** DATABASE_URL, or undefined ⇒ the embedded PostgreSQL server is started on `embedded.port`. */
    url: string | undefined;
    /** Upper bound of every client pool (connections per process pool). */
    poolMax: number;
    embedded: { port: number; dir: string };
  };
  temporal: {
    address: string;
    namespace: string;
    uiPort: number;
    /** SQLite file of the dev server: workflow histories survive a restart. */
    dbFile: string;
    /** false ⇒ TEMPORAL_ADDRESS points at a server someone else runs (Compose, cloud). */
    startDevServer: boolean;
    /** Explicit path of the `temporal` CLI; undefined ⇒ PATH, then $HOME/go/bin/temporal. */
    cliPath: string | undefined;
  };
  taskQueue: string;
  gateway: {
    port: number;
    limits: GatewayLimits;
    /** SOCKET_IO_ADAPTER: 'postgres' relays live pushes between gateways sharing the database. */
    adapter: 'memory' | 'postgres';
  };
  /** METRICS_PORT: this process serves GET /metrics (Prometheus) there; undefined ⇒ no metrics server. */
  metricsPort: number | undefined;
  /** LISTEN_HOST: the address the gateway, metrics and dev mail servers bind (0.0.0.0 in containers). */
  listenHost: string;
  /** INSTANCE_NAME: the `instance` label of this process's metrics (several gateways or workers per machine). */
  instanceName: string | undefined;
  /** `npm run cluster` and `npm run chaos`: every port the cluster binds is CLUSTER_PORT_BASE + a fixed offset. */
  cluster: { portBase: number; dir: string };
  /** The technician's PWA (field-client/app), served by `npm start`; its origin is allowed by the gateway's CORS. */
  fieldApp: { port: number };
  mail: {
    smtpHost: string;
    smtpPort: number;
    from: string;
    /** Web page of the development catch-all inbox that `npm start` runs when SMTP_HOST is local. */
    devInboxUiPort: number;
  };
  /** NODE_ENV: development (npm start, the default), test (Jest) or production. */
  environment: Environment;
  consoleUrl: string;
  auth: {
    /** HMAC key of the gateway's handshake challenges; every gateway of one deployment shares it. */
    challengeSecret: string;
    /** How long a challenge may be answered (server clock). */
    challengeTtlMs: number;
    /** Default lifetime of an enrolment code (`npm run ops:enrol`). */
    enrolmentCodeTtlMs: number;
  };
  console: {
    /** Port the console listens on: the port of CONSOLE_URL (80/443 when it has none). */
    port: number;
    /** Signs the console's session cookie. The development default is refused in production. */
    sessionSecret: string;
  };
  test: {
    /** Real PostgreSQL that integration tests create their databases in. */
    databaseUrl: string;
    /** An already running Temporal for tests; undefined ⇒ globalSetup starts one on `temporalPort`. */
    temporalAddress: string | undefined;
    temporalPort: number;
    /** Chromium the field app's e2e tests drive (Debian's package). */
    chromiumPath: string;
  };
}

/**
 * Per-device limits of the sync gateway (names as in sync-socket's GatewayConfig, so they spread
 * into it). A refused message is answered RATE_LIMITED or PAYLOAD_TOO_LARGE; see the README.
 */
export interface GatewayLimits {
  /** Largest message a handler takes (bytes of JSON); the transport's own limit is 4× this. */
  maxMessageBytes: number;
  uploadRatePerSecond: number;
  uploadBurst: number;
  /** Events in uploads per device; the burst is at least one full batch (500). */
  uploadEventsPerSecond: number;
  uploadEventsBurst: number;
  pullRatePerSecond: number;
  pullBurst: number;
  /** Pull queries running at once over all devices (round-robin by device). */
  pullConcurrency: number;
  /** Bytes of messages per device per second, and the burst (at least GATEWAY_MAX_MESSAGE_BYTES). */
  bytesPerSecond: number;
  bytesBurst: number;
  /** Sockets of one device at once; over it its oldest are closed. */
  maxConnectionsPerDevice: number;
  /** Per client address: open connections, handshakes (and challenges) per second and their burst. */
  maxConnectionsPerAddress: number;
  handshakesPerAddressPerSecond: number;
  handshakeBurstPerAddress: number;
  /** Connections without an authenticated device: whole gateway, and per address. */
  maxUnauthenticated: number;
  maxUnauthenticatedPerAddress: number;
  /** Client address from the last X-Forwarded-For entry (behind a load balancer only). */
  trustProxy: boolean;
}

/** NODE_ENV: production refuses the public development secrets; test is what Jest sets. */
export const ENVIRONMENTS = ['development', 'test', 'production'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** Known to everyone who reads this file, so it only signs development and test sessions. */
const MIN_SESSION_SECRET_LENGTH = 32;

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export const DEFAULTS = {
  EMBEDDED_PG_PORT: 5488,
  EMBEDDED_PG_DIR: 'data/postgres',
  DB_POOL_MAX: 8,
  TEMPORAL_ADDRESS: '127.0.0.1:7233',
  TEMPORAL_UI_PORT: 8233,
  TEMPORAL_NAMESPACE: 'default',
  TEMPORAL_DB_FILE: 'data/temporal/dev.sqlite',
  TASK_QUEUE: 'pco-inventory',
  GATEWAY_PORT: 3100,
  SOCKET_IO_ADAPTER: 'memory',
  LISTEN_HOST: '127.0.0.1',
  CLUSTER_PORT_BASE: 7400,
  CLUSTER_DIR: 'data/cluster',
  GATEWAY_MAX_MESSAGE_BYTES: 1_000_000,
  GATEWAY_UPLOAD_RATE_PER_SECOND: 20,
  GATEWAY_UPLOAD_BURST: 40,
  GATEWAY_UPLOAD_EVENTS_PER_SECOND: 100,
  GATEWAY_UPLOAD_EVENTS_BURST: 1_000,
  GATEWAY_PULL_RATE_PER_SECOND: 5,
  GATEWAY_PULL_BURST: 20,
  GATEWAY_PULL_CONCURRENCY: 2,
  FIELD_APP_PORT: 3107,
  GATEWAY_BYTES_PER_SECOND: 2_000_000,
  GATEWAY_BYTES_BURST: 8_000_000,
  GATEWAY_MAX_CONNECTIONS_PER_DEVICE: 3,
  GATEWAY_MAX_CONNECTIONS_PER_ADDRESS: 200,
  GATEWAY_HANDSHAKES_PER_ADDRESS_PER_SECOND: 50,
  GATEWAY_HANDSHAKE_BURST_PER_ADDRESS: 200,
  GATEWAY_MAX_UNAUTHENTICATED: 1_000,
  GATEWAY_MAX_UNAUTHENTICATED_PER_ADDRESS: 100,
  SMTP_HOST: '127.0.0.1',
  SMTP_PORT: 2525,
  DEV_MAIL_UI_PORT: 8025,
  MAIL_FROM: 'PCO Inventory <no-reply@pco-inventory.local>',
  CONSOLE_URL: 'http://localhost:3000',
  TEST_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
  TEMPORAL_TEST_PORT: 7299,
  NODE_ENV: 'development' as Environment,
  AUTH_CHALLENGE_SECRET: DEVELOPMENT_CHALLENGE_SECRET,
  AUTH_CHALLENGE_TTL_SECONDS: 60,
  ENROLMENT_CODE_TTL_MINUTES: 24 * 60,
  CHROMIUM_PATH: '/usr/bin/chromium',
} as const;

/** Reads and validates every variable; throws one ConfigError listing every problem. */
export function loadConfig(env: Env = process.env, repoRoot: string = defaultRepoRoot()): Config {
  const read = new EnvReader(env);
  const config: Config = {
    repoRoot,
    database: {
      url: read.postgresUrl('DATABASE_URL'),
      poolMax: read.positiveInt('DB_POOL_MAX', DEFAULTS.DB_POOL_MAX),
      embedded: {
        port: read.port('EMBEDDED_PG_PORT', DEFAULTS.EMBEDDED_PG_PORT),
        dir: resolveFrom(repoRoot, read.string('EMBEDDED_PG_DIR', DEFAULTS.EMBEDDED_PG_DIR)),
      },
    },
    temporal: {
      address: read.hostPort('TEMPORAL_ADDRESS', DEFAULTS.TEMPORAL_ADDRESS),
      namespace: read.string('TEMPORAL_NAMESPACE', DEFAULTS.TEMPORAL_NAMESPACE),
      uiPort: read.port('TEMPORAL_UI_PORT', DEFAULTS.TEMPORAL_UI_PORT),
      dbFile: resolveFrom(repoRoot, read.string('TEMPORAL_DB_FILE', DEFAULTS.TEMPORAL_DB_FILE)),
      startDevServer: read.boolean('TEMPORAL_START_DEV_SERVER', true),
      cliPath: read.raw('TEMPORAL_CLI'),
    },
    taskQueue: read.string('TASK_QUEUE', DEFAULTS.TASK_QUEUE),
    gateway: {
      port: read.port('GATEWAY_PORT', DEFAULTS.GATEWAY_PORT),
      limits: {
        maxMessageBytes: read.positiveInt('GATEWAY_MAX_MESSAGE_BYTES', DEFAULTS.GATEWAY_MAX_MESSAGE_BYTES),
        uploadRatePerSecond: read.positiveInt(
          'GATEWAY_UPLOAD_RATE_PER_SECOND',
          DEFAULTS.GATEWAY_UPLOAD_RATE_PER_SECOND,
        ),
        uploadBurst: read.positiveInt('GATEWAY_UPLOAD_BURST', DEFAULTS.GATEWAY_UPLOAD_BURST),
        uploadEventsPerSecond: read.positiveInt(
          'GATEWAY_UPLOAD_EVENTS_PER_SECOND',
          DEFAULTS.GATEWAY_UPLOAD_EVENTS_PER_SECOND,
        ),
        uploadEventsBurst: read.positiveInt('GATEWAY_UPLOAD_EVENTS_BURST', DEFAULTS.GATEWAY_UPLOAD_EVENTS_BURST),
        pullRatePerSecond: read.positiveInt('GATEWAY_PULL_RATE_PER_SECOND', DEFAULTS.GATEWAY_PULL_RATE_PER_SECOND),
        pullBurst: read.positiveInt('GATEWAY_PULL_BURST', DEFAULTS.GATEWAY_PULL_BURST),
        pullConcurrency: read.positiveInt('GATEWAY_PULL_CONCURRENCY', DEFAULTS.GATEWAY_PULL_CONCURRENCY),
        bytesPerSecond: read.positiveInt('GATEWAY_BYTES_PER_SECOND', DEFAULTS.GATEWAY_BYTES_PER_SECOND),
        bytesBurst: read.positiveInt('GATEWAY_BYTES_BURST', DEFAULTS.GATEWAY_BYTES_BURST),
        maxConnectionsPerDevice: read.positiveInt(
          'GATEWAY_MAX_CONNECTIONS_PER_DEVICE',
          DEFAULTS.GATEWAY_MAX_CONNECTIONS_PER_DEVICE,
        ),
        maxConnectionsPerAddress: read.positiveInt(
          'GATEWAY_MAX_CONNECTIONS_PER_ADDRESS',
          DEFAULTS.GATEWAY_MAX_CONNECTIONS_PER_ADDRESS,
        ),
        handshakesPerAddressPerSecond: read.positiveInt(
          'GATEWAY_HANDSHAKES_PER_ADDRESS_PER_SECOND',
          DEFAULTS.GATEWAY_HANDSHAKES_PER_ADDRESS_PER_SECOND,
        ),
        handshakeBurstPerAddress: read.positiveInt(
          'GATEWAY_HANDSHAKE_BURST_PER_ADDRESS',
          DEFAULTS.GATEWAY_HANDSHAKE_BURST_PER_ADDRESS,
        ),
        maxUnauthenticated: read.positiveInt('GATEWAY_MAX_UNAUTHENTICATED', DEFAULTS.GATEWAY_MAX_UNAUTHENTICATED),
        maxUnauthenticatedPerAddress: read.positiveInt(
          'GATEWAY_MAX_UNAUTHENTICATED_PER_ADDRESS',
          DEFAULTS.GATEWAY_MAX_UNAUTHENTICATED_PER_ADDRESS,
        ),
        trustProxy: read.boolean('GATEWAY_TRUST_PROXY', false),
      },
      adapter: read.oneOf('SOCKET_IO_ADAPTER', ['memory', 'postgres'] as const, DEFAULTS.SOCKET_IO_ADAPTER),
    },
    metricsPort: read.raw('METRICS_PORT') === undefined ? undefined : read.port('METRICS_PORT', 0),
    instanceName: read.raw('INSTANCE_NAME'),
    listenHost: read.string('LISTEN_HOST', DEFAULTS.LISTEN_HOST),
    cluster: {
      // The highest offset the cluster uses is +99 (scripts/cluster/ports.ts).
      portBase: read.port('CLUSTER_PORT_BASE', DEFAULTS.CLUSTER_PORT_BASE),
      dir: resolveFrom(repoRoot, read.string('CLUSTER_DIR', DEFAULTS.CLUSTER_DIR)),
    },
    fieldApp: { port: read.port('FIELD_APP_PORT', DEFAULTS.FIELD_APP_PORT) },
    mail: {
      smtpHost: read.string('SMTP_HOST', DEFAULTS.SMTP_HOST),
      smtpPort: read.port('SMTP_PORT', DEFAULTS.SMTP_PORT),
      from: read.email('MAIL_FROM', DEFAULTS.MAIL_FROM),
      devInboxUiPort: read.port('DEV_MAIL_UI_PORT', DEFAULTS.DEV_MAIL_UI_PORT),
    },
    environment: read.oneOf('NODE_ENV', ENVIRONMENTS, DEFAULTS.NODE_ENV),
    consoleUrl: read.httpUrl('CONSOLE_URL', DEFAULTS.CONSOLE_URL),
    auth: {
      challengeSecret: read.string('AUTH_CHALLENGE_SECRET', DEFAULTS.AUTH_CHALLENGE_SECRET),
      challengeTtlMs: read.positiveInt('AUTH_CHALLENGE_TTL_SECONDS', DEFAULTS.AUTH_CHALLENGE_TTL_SECONDS) * 1000,
      enrolmentCodeTtlMs: read.positiveInt('ENROLMENT_CODE_TTL_MINUTES', DEFAULTS.ENROLMENT_CODE_TTL_MINUTES) * 60_000,
    },
    console: { port: 0, sessionSecret: read.string('CONSOLE_SESSION_SECRET', DEV_CONSOLE_SESSION_SECRET) },
    test: {
      databaseUrl: read.postgresUrl('TEST_DATABASE_URL', DEFAULTS.TEST_DATABASE_URL) ?? DEFAULTS.TEST_DATABASE_URL,
      temporalAddress: read.raw('TEMPORAL_TEST_ADDRESS') && read.hostPort('TEMPORAL_TEST_ADDRESS', ''),
      temporalPort: read.port('TEMPORAL_TEST_PORT', DEFAULTS.TEMPORAL_TEST_PORT),
      chromiumPath: read.string('CHROMIUM_PATH', DEFAULTS.CHROMIUM_PATH),
    },
  };
  config.console.port = urlPort(config.consoleUrl);
  checkSessionSecret(config, read.problems);
  checkPortClashes(config, read.problems);
  read.problems.push(...productionSecretProblems(env));
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}

/** For entry points: prints every problem and exits with status 78 (EX_CONFIG). */
export function loadConfigOrExit(env: Env = process.env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`${error.message}\nSee .env.example for every variable and its default.`);
    process.exit(78);
  }
}

/** SMTP_HOST is this machine: `npm start` then runs the development catch-all inbox on SMTP_PORT. */
export function usesDevMailInbox(config: Pick<Config, 'mail'>): boolean {
  return ['127.0.0.1', 'localhost', '::1'].includes(config.mail.smtpHost);
}

/** The port part of a host:port address. */
export function portOf(address: string): number {
  return Number(address.slice(address.lastIndexOf(':') + 1));
}

/** postgres://user:secret@host/db → postgres://user:***@host/db, for logs. */
export function maskDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable database url>';
  }
}

function checkPortClashes(config: Config, problems: string[]): void {
  const ports: Array<[string, number]> = [
    ['GATEWAY_PORT', config.gateway.port],
    ['FIELD_APP_PORT', config.fieldApp.port],
    ['TEMPORAL_UI_PORT', config.temporal.uiPort],
    ['TEMPORAL_ADDRESS port', portOf(config.temporal.address)],
    ['CONSOLE_URL port', config.console.port],
  ];
  if (config.metricsPort !== undefined) ports.push(['METRICS_PORT', config.metricsPort]);
  if (config.database.url === undefined) ports.push(['EMBEDDED_PG_PORT', config.database.embedded.port]);
  if (usesDevMailInbox(config))
    ports.push(['SMTP_PORT', config.mail.smtpPort], ['DEV_MAIL_UI_PORT', config.mail.devInboxUiPort]);
  for (let i = 0; i < ports.length; i++) {
    for (let j = i + 1; j < ports.length; j++) {
      if (ports[i][1] === ports[j][1]) problems.push(`${ports[i][0]} and ${ports[j][0]} are both ${ports[i][1]}`);
    }
  }
}

function urlPort(url: string): number {
  const parsed = new URL(url);
  return parsed.port ? Number(parsed.port) : parsed.protocol === 'https:' ? 443 : 80;
}

function checkSessionSecret(config: Config, problems: string[]): void {
  // In production production-secrets.ts names a short or public value (once, with its reason).
  if (config.environment === 'production') return;
  if (config.console.sessionSecret.length < MIN_SESSION_SECRET_LENGTH) {
    problems.push(`CONSOLE_SESSION_SECRET must be at least ${MIN_SESSION_SECRET_LENGTH} characters`);
  }
}

/**
 * For the console's entry points: the session secret, refusing the public development default in
 * production (loadConfig refuses it too; this guards a Config built by hand).
 */
export function requireConsoleSessionSecret(config: Pick<Config, 'environment' | 'console'>): string {
  if (config.environment === 'production' && config.console.sessionSecret === DEV_CONSOLE_SESSION_SECRET) {
    throw new ConfigError(['CONSOLE_SESSION_SECRET must be set in production (the development default is public)']);
  }
  return config.console.sessionSecret;
}

/** Joins without `node:path`, so this module stays importable from workflow code. */
function resolveFrom(root: string, value: string): string {
  return value.startsWith('/') ? value : `${root.replace(/\/$/, '')}/${value.replace(/^\.\//, '')}`;
}

function defaultRepoRoot(): string {
  // config/src → repository root.
  return __dirname.replace(/\/config\/src\/?$/, '') || '/';
}

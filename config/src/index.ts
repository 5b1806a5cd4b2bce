/**
 * @pco/config — the ONE place that reads environment variables. Every other module receives
 * the values it needs from here (or as arguments), so ports and queue names are never repeated
 * as literals. `.env.example` at the repository root documents each variable.
 *
 * This module imports no Node built-ins, so workflow code may import the search attribute names.
 */
import { EnvReader, type Env } from './parse';

export * from './search-attributes';
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
  mail: {
    smtpHost: string;
    smtpPort: number;
    from: string;
    /** Web page of the development catch-all inbox that `npm start` runs when SMTP_HOST is local. */
    devInboxUiPort: number;
  };
  consoleUrl: string;
  /** NODE_ENV; 'production' refuses the development challenge secret. */
  environment: string;
  auth: {
    /** HMAC key of the gateway's handshake challenges; every gateway of one deployment shares it. */
    challengeSecret: string;
    /** How long a challenge may be answered (server clock). */
    challengeTtlMs: number;
    /** Default lifetime of an enrolment code (`npm run ops:enrol`). */
    enrolmentCodeTtlMs: number;
  };
  test: {
    /** Real PostgreSQL that integration tests create their databases in. */
    databaseUrl: string;
    /** An already running Temporal for tests; undefined ⇒ globalSetup starts one on `temporalPort`. */
    temporalAddress: string | undefined;
    temporalPort: number;
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
}

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
  SMTP_HOST: '127.0.0.1',
  SMTP_PORT: 2525,
  DEV_MAIL_UI_PORT: 8025,
  MAIL_FROM: 'PCO Inventory <no-reply@pco-inventory.local>',
  CONSOLE_URL: 'http://localhost:3000',
  TEST_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
  TEMPORAL_TEST_PORT: 7299,
  NODE_ENV: 'development',
  AUTH_CHALLENGE_SECRET: 'development-only-challenge-secret-do-not-use-in-production',
  AUTH_CHALLENGE_TTL_SECONDS: 60,
  ENROLMENT_CODE_TTL_MINUTES: 24 * 60,
} as const;

/** A production challenge secret must be at least this long (and not the development default). */
export const MIN_PRODUCTION_SECRET_LENGTH = 32;

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
    mail: {
      smtpHost: read.string('SMTP_HOST', DEFAULTS.SMTP_HOST),
      smtpPort: read.port('SMTP_PORT', DEFAULTS.SMTP_PORT),
      from: read.email('MAIL_FROM', DEFAULTS.MAIL_FROM),
      devInboxUiPort: read.port('DEV_MAIL_UI_PORT', DEFAULTS.DEV_MAIL_UI_PORT),
    },
    consoleUrl: read.httpUrl('CONSOLE_URL', DEFAULTS.CONSOLE_URL),
    environment: read.string('NODE_ENV', DEFAULTS.NODE_ENV),
    auth: {
      challengeSecret: read.string('AUTH_CHALLENGE_SECRET', DEFAULTS.AUTH_CHALLENGE_SECRET),
      challengeTtlMs: read.positiveInt('AUTH_CHALLENGE_TTL_SECONDS', DEFAULTS.AUTH_CHALLENGE_TTL_SECONDS) * 1000,
      enrolmentCodeTtlMs: read.positiveInt('ENROLMENT_CODE_TTL_MINUTES', DEFAULTS.ENROLMENT_CODE_TTL_MINUTES) * 60_000,
    },
    test: {
      databaseUrl: read.postgresUrl('TEST_DATABASE_URL', DEFAULTS.TEST_DATABASE_URL) ?? DEFAULTS.TEST_DATABASE_URL,
      temporalAddress: read.raw('TEMPORAL_TEST_ADDRESS') && read.hostPort('TEMPORAL_TEST_ADDRESS', ''),
      temporalPort: read.port('TEMPORAL_TEST_PORT', DEFAULTS.TEMPORAL_TEST_PORT),
    },
  };
  checkPortClashes(config, read.problems);
  checkProductionSecrets(config, read.problems);
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
    ['TEMPORAL_UI_PORT', config.temporal.uiPort],
    ['TEMPORAL_ADDRESS port', portOf(config.temporal.address)],
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

/** The development secret is public (it is in this file): a production gateway must not accept it. */
function checkProductionSecrets(config: Config, problems: string[]): void {
  if (config.environment !== 'production') return;
  const secret = config.auth.challengeSecret;
  if (secret === DEFAULTS.AUTH_CHALLENGE_SECRET || secret.length < MIN_PRODUCTION_SECRET_LENGTH) {
    problems.push(
      `AUTH_CHALLENGE_SECRET must be set to a secret of at least ${MIN_PRODUCTION_SECRET_LENGTH} characters when NODE_ENV=production`,
    );
  }
}

/** Joins without `node:path`, so this module stays importable from workflow code. */
function resolveFrom(root: string, value: string): string {
  return value.startsWith('/') ? value : `${root.replace(/\/$/, '')}/${value.replace(/^\.\//, '')}`;
}

function defaultRepoRoot(): string {
  // config/src → repository root.
  return __dirname.replace(/\/config\/src\/?$/, '') || '/';
}

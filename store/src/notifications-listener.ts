/**
 * A dedicated PostgreSQL connection that LISTENs on one channel and reconnects after any loss
 * (server restart, network cut), with a growing pause between tries. Not from the ORM's pool: a
 * LISTEN must stay on one session for as long as the gateway runs.
 *
 * After every (re)connection `onListening` runs: notifications sent while the connection was
 * down are lost by PostgreSQL, so the caller catches up from the table then.
 *
 * In the store because it is a database connection: the gateway (sync-socket/src/notifications)
 * uses it for the device notification outbox's channel (DEVICE_NOTIFICATION_CHANNEL).
 */

/** What the listener reports: a lost connection and the pause before the next try. */
export interface ListenerLogger {
  warn(message: string, fields?: Record<string, unknown>): void;
}

/** The slice of `pg` used here. `pg` is installed (by @mikro-orm/postgresql) without type declarations. */
interface PgNotification {
  channel: string;
  payload?: string;
}
interface PgClient {
  connect(): Promise<void>;
  query(sql: string): Promise<unknown>;
  end(): Promise<void>;
  on(event: 'notification', listener: (message: PgNotification) => void): void;
  on(event: 'error' | 'end', listener: (error?: Error) => void): void;
  removeAllListeners(): void;
}
type PgClientConstructor = new (options: { connectionString: string; connectionTimeoutMillis?: number }) => PgClient;
/**
 * Loaded when a listener starts, not at import: the console's Remix server build bundles this
 * package into an ES module, where a top-level `require` would stop the whole store from loading.
 */
function pgClientConstructor(): PgClientConstructor {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('pg') as { Client: PgClientConstructor }).Client;
}

export interface PgListenerOptions {
  databaseUrl: string;
  /** A plain identifier (it is quoted, not bound: LISTEN takes no parameters). */
  channel: string;
  onNotification(payload: string): void;
  onListening?(): void;
  logger: ListenerLogger;
  minRetryMs?: number;
  maxRetryMs?: number;
}

export interface PgListener {
  /** Resolves after the first LISTEN succeeded, or after the first failure (retries go on). */
  ready: Promise<void>;
  close(): Promise<void>;
}

export function startPgListener(options: PgListenerOptions): PgListener {
  if (!/^[a-z_][a-z0-9_]*$/.test(options.channel)) throw new Error(`invalid channel name ${options.channel}`);
  const minRetryMs = options.minRetryMs ?? 500;
  const maxRetryMs = options.maxRetryMs ?? 30_000;
  let closed = false;
  let client: PgClient | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let retryMs = minRetryMs;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const scheduleReconnect = (reason: unknown) => {
    if (closed || retryTimer) return;
    options.logger.warn('notification listener lost its connection; reconnecting', { reason, inMs: retryMs });
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, retryMs);
    retryMs = Math.min(retryMs * 2, maxRetryMs);
  };

  async function connect(): Promise<void> {
    const Client = pgClientConstructor();
    const next = new Client({ connectionString: options.databaseUrl, connectionTimeoutMillis: 5_000 });
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      next.removeAllListeners();
      next.on('error', () => undefined);
      if (client === next) client = null;
      void next.end().catch(() => undefined);
      scheduleReconnect(error ?? 'connection ended');
    };
    next.on('error', onLost);
    next.on('end', onLost);
    next.on('notification', (message) => {
      if (message.channel === options.channel && message.payload) options.onNotification(message.payload);
    });
    try {
      await next.connect();
      await next.query(`listen "${options.channel}"`);
    } catch (error) {
      onLost(error as Error);
      markReady();
      return;
    }
    if (closed) {
      await next.end().catch(() => undefined);
      return;
    }
    client = next;
    retryMs = minRetryMs;
    markReady();
    options.onListening?.();
  }

  void connect();
  return {
    ready,
    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      const current = client;
      client = null;
      if (current) {
        current.removeAllListeners();
        current.on('error', () => undefined);
        await current.end().catch(() => undefined);
      }
    },
  };
}

/**
 * The production-like topology on one machine (`npm run cluster`, and the fault campaign's
 * target): its own PostgreSQL (embedded server, own folder and port) holding the inventory
 * database and Temporal's two databases → the Temporal server → two worker processes → two
 * gateway processes (PostgreSQL Socket.IO adapter) → HAProxy. Every process can be killed and
 * restarted on its own, which is what `npm run chaos` does.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '@pco/config';
import { createOrm, migrateUp } from '@pco/store';
import { seedDemoData } from '@pco/store/demo';
import { startDevMailInbox, type DevMailInbox } from '../lib/dev-mail-inbox';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../lib/embedded-postgres';
import { haproxyProcess } from './haproxy';
import { answersHttp, managedProcess, type ManagedProcess } from './managed-process';
import { clusterPorts, GATEWAYS, WORKERS, type ClusterPorts } from './ports';
import { temporalUiProcess } from './temporal-ui';
import {
  locateTemporalTools,
  registerNamespace,
  renderTemporalConfig,
  setupTemporalSchemas,
  temporalServerProcess,
} from './temporal-server';

export interface ClusterPostgres {
  url: string;
  pid(): number;
  restart(): Promise<void>;
  /** SIGSTOP of the server and every backend for `ms`: a disk that stops answering. */
  pause(ms: number): Promise<void>;
  stop(): Promise<void>;
}

export interface Cluster {
  ports: ClusterPorts;
  databaseUrl: string;
  temporalAddress: string;
  postgres: ClusterPostgres;
  temporal: ManagedProcess;
  workers: ManagedProcess[];
  gateways: ManagedProcess[];
  haproxy: ManagedProcess;
  urls: Record<string, string>;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  config: Config;
  log: (line: string) => void;
  /** Extra environment of the gateway processes (e.g. lifted limits for the fault campaign). */
  gatewayEnv?: Record<string, string | undefined>;
}

export async function startCluster({ config, log, gatewayEnv }: ClusterOptions): Promise<Cluster> {
  const ports = clusterPorts(config.cluster.portBase);
  const dir = config.cluster.dir;
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => log(`stop failed: ${String(error)}`));
  };
  try {
    const tools = locateTemporalTools(config.repoRoot, log);
    const postgres = await startClusterPostgres(join(dir, 'postgres'), ports.postgres, log);
    stops.push(postgres.stop);
    const pgUrl = new URL(postgres.url);
    const pg = {
      port: ports.postgres,
      user: decodeURIComponent(pgUrl.username),
      password: decodeURIComponent(pgUrl.password),
    };

    const orm = await createOrm({ databaseUrl: postgres.url, poolMax: 2 });
    const applied = await migrateUp(orm);
    const { seeded } = await seedDemoData(orm, new Date());
    await orm.close(true);
    log(`inventory database: ${applied.length} migrations applied, ${seeded ? 'demo data seeded' : 'data kept'}`);

    setupTemporalSchemas(tools, pg, log);
    const temporalDir = join(dir, 'temporal');
    renderTemporalConfig(temporalDir, ports, pg);
    const temporalAddress = `127.0.0.1:${ports.temporalFrontend}`;
    const temporal = temporalServerProcess(tools, temporalDir, temporalAddress);
    await temporal.start();
    stops.push(temporal.stop);
    log(`Temporal server ${temporalAddress} (pid ${temporal.pid}, log ${join(temporalDir, 'server.log')})`);
    await registerNamespace(tools, temporalAddress, config.temporal.namespace, log);
    const ui = temporalUiProcess(
      join(dir, 'temporal-ui'),
      temporalAddress,
      ports.temporalUi,
      config.temporal.namespace,
    );
    await ui.start();
    stops.push(ui.stop);

    const mail: DevMailInbox = await startDevMailInbox({
      dir: join(dir, 'mail'),
      smtpHost: '127.0.0.1',
      smtpPort: ports.smtp,
      uiPort: ports.mailUi,
    });
    stops.push(mail.stop);

    const common: NodeJS.ProcessEnv = {
      DATABASE_URL: postgres.url,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_NAMESPACE: config.temporal.namespace,
      TASK_QUEUE: config.taskQueue,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(ports.smtp),
      DEV_MAIL_UI_PORT: String(ports.mailUi),
      AUTH_CHALLENGE_SECRET: config.auth.challengeSecret,
      NODE_ENV: config.environment,
      DB_POOL_MAX: '6',
    };
    const node = (
      name: string,
      entry: string,
      env: Record<string, string | undefined>,
      ready: () => Promise<boolean>,
    ) =>
      managedProcess({
        name,
        command: process.execPath,
        args: ['--import', 'tsx', entry],
        cwd: config.repoRoot,
        env: { ...common, INSTANCE_NAME: name, ...env },
        logFile: join(dir, 'logs', `${name}.log`),
        ready,
      });
    const workers = Array.from({ length: WORKERS }, (_, i) =>
      node(`worker-${i + 1}`, 'workers/src/main.ts', { METRICS_PORT: String(ports.workerMetrics[i]) }, () =>
        answersHttp(`http://127.0.0.1:${ports.workerMetrics[i]}/metrics`),
      ),
    );
    const gateways = Array.from({ length: GATEWAYS }, (_, i) =>
      node(
        `gateway-${i + 1}`,
        'sync-socket/src/main.ts',
        {
          GATEWAY_PORT: String(ports.gateways[i]),
          METRICS_PORT: String(ports.gatewayMetrics[i]),
          SOCKET_IO_ADAPTER: 'postgres',
          ...gatewayEnv,
        },
        () => answersHttp(`http://127.0.0.1:${ports.gateways[i]}/api/health`),
      ),
    );
    // One at a time: two first starts at once would race on migrations and on the 2 shared cores.
    for (const p of [...workers, ...gateways]) {
      await p.start();
      stops.push(p.stop);
      log(`${p.name} ready (pid ${p.pid})`);
    }
    const haproxy = haproxyProcess(ports, dir);
    await haproxy.start();
    stops.push(haproxy.stop);

    const urls: Record<string, string> = {
      'Phones (HAProxy)': `http://127.0.0.1:${ports.loadBalancer}`,
      'HAProxy stats': `http://127.0.0.1:${ports.haproxyStats}/`,
      ...Object.fromEntries(
        ports.gateways.map((p, i) => [
          `Gateway ${i + 1}`,
          `http://127.0.0.1:${p}  metrics http://127.0.0.1:${ports.gatewayMetrics[i]}/metrics`,
        ]),
      ),
      ...Object.fromEntries(
        ports.workerMetrics.map((p, i) => [`Worker ${i + 1} metrics`, `http://127.0.0.1:${p}/metrics`]),
      ),
      'Temporal UI': `http://localhost:${ports.temporalUi}/namespaces/${config.temporal.namespace}/workflows`,
      'Temporal (gRPC)': `${temporalAddress} namespace "${config.temporal.namespace}" task queue "${config.taskQueue}"`,
      'Temporal HTTP API': `http://127.0.0.1:${ports.temporalFrontendHttp}/api/v1/namespaces`,
      'Temporal server metrics': `http://127.0.0.1:${ports.temporalInternal.metrics}/metrics`,
      'Mail inbox': mail.uiUrl,
      PostgreSQL: postgres.url.replace(/:[^:@/]+@/, ':***@'),
    };
    return {
      ports,
      databaseUrl: postgres.url,
      temporalAddress,
      postgres,
      temporal,
      workers,
      gateways,
      haproxy,
      urls,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

async function startClusterPostgres(
  dataDir: string,
  port: number,
  log: (line: string) => void,
): Promise<ClusterPostgres> {
  let server: EmbeddedPostgres = await startEmbeddedPostgres({ dataDir, port, log });
  log(`PostgreSQL ${server.version} on port ${port}, data in ${server.dataDir}`);
  const postmasterPid = () => Number(readFileSync(join(server.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const signalAll = (signal: NodeJS.Signals) => {
    const main = postmasterPid();
    const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(main)], { encoding: 'utf8' })
      .split('\n')
      .map(Number)
      .filter((n) => n > 0);
    for (const pid of [main, ...children]) {
      try {
        process.kill(pid, signal);
      } catch {
        // exited meanwhile
      }
    }
  };
  return {
    url: server.url,
    pid: postmasterPid,
    async restart() {
      await server.stop();
      server = await startEmbeddedPostgres({ dataDir, port });
    },
    async pause(ms) {
      signalAll('SIGSTOP');
      await new Promise((resolve) => setTimeout(resolve, ms));
      signalAll('SIGCONT');
    },
    stop: () => server.stop(),
  };
}

/**
 * The cluster's Temporal: the real server (go.temporal.io/server v1.29.1, the version the pinned
 * CLI bundles; built by scripts/setup-cluster.sh), PostgreSQL persistence and SQL visibility in
 * the cluster's own PostgreSQL, schemas set up with the same module's SQL tool from the schema
 * files in Go's module cache. Then the namespace and the custom search attributes, with the CLI.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTES, SEARCH_ATTRIBUTE_NAMES } from '@pco/config';
import { managedProcess, type ManagedProcess } from './managed-process';
import { temporalUiInstalled } from './temporal-ui';
import type { ClusterPorts } from './ports';

export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
/** The UI server the pinned CLI v1.5.1 bundles (its go.mod); setup-cluster.sh builds the same. */
export const TEMPORAL_UI_VERSION = 'v2.42.1';

export interface TemporalTools {
  server: string;
  sqlTool: string;
  schemaDir: string;
  cli: string;
}

/** The binaries setup-cluster.sh builds (into $GOBIN or $HOME/go/bin) and the module's schema folder. */
export function locateTemporalTools(repoRoot: string, log: (line: string) => void): TemporalTools {
  const bin = process.env.GOBIN ?? join(homedir(), 'go/bin');
  const tools = { server: join(bin, 'server'), sqlTool: join(bin, 'sql') };
  if (!existsSync(tools.server) || !existsSync(tools.sqlTool) || !temporalUiInstalled() || !haproxyInstalled()) {
    log(
      'building the Temporal server and UI, installing HAProxy (npm run setup:cluster; minutes, once per machine)...',
    );
    execFileSync('bash', [join(repoRoot, 'scripts/setup-cluster.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const modCache = execFileSync('go', ['env', 'GOMODCACHE'], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${process.env.PATH}:/usr/local/go/bin` },
  }).trim();
  const cli = execFileSync('bash', [join(repoRoot, 'scripts/setup-temporal.sh')], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .pop() as string;
  return {
    ...tools,
    schemaDir: join(modCache, `go.temporal.io/server@${TEMPORAL_SERVER_VERSION}/schema/postgresql/v12`),
    cli,
  };
}

function haproxyInstalled(): boolean {
  try {
    execFileSync('haproxy', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface PgAccess {
  port: number;
  user: string;
  password: string;
}

/** Creates (if missing) and migrates the `temporal` and `temporal_visibility` databases. Idempotent. */
export function setupTemporalSchemas(tools: TemporalTools, pg: PgAccess, log: (line: string) => void): void {
  const base = [
    '--plugin',
    'postgres12',
    '--ep',
    '127.0.0.1',
    '-p',
    String(pg.port),
    '-u',
    pg.user,
    '--pw',
    pg.password,
  ];
  for (const [database, folder] of [
    ['temporal', 'temporal'],
    ['temporal_visibility', 'visibility'],
  ] as const) {
    const run = (...args: string[]) =>
      execFileSync(tools.sqlTool, [...base, '--db', database, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    run('--quiet', 'create-database'); // --quiet: an existing database is not an error
    try {
      run('setup-schema', '-v', '0.0');
    } catch {
      // already set up: update-schema below takes it to the newest version
    }
    run('update-schema', '-d', join(tools.schemaDir, folder, 'versioned'));
    log(`Temporal schema ${database} up to date (${join(tools.schemaDir, folder)})`);
  }
}

/** Renders scripts/cluster/temporal-server.yaml into <dir>/config/cluster.yaml. */
export function renderTemporalConfig(dir: string, ports: ClusterPorts, pg: PgAccess): void {
  mkdirSync(join(dir, 'config'), { recursive: true });
  const dynamicConfig = join(dir, 'config/dynamic.yaml');
  writeFileSync(dynamicConfig, readFileSync(join(__dirname, 'temporal-dynamic-config.yaml')));
  const t = ports.temporalInternal;
  const values: Record<string, string | number> = {
    PG_PORT: pg.port,
    PG_USER: pg.user,
    PG_PASSWORD: pg.password,
    METRICS_PORT: t.metrics,
    FRONTEND_PORT: ports.temporalFrontend,
    FRONTEND_MEMBERSHIP_PORT: t.frontendMembership,
    FRONTEND_HTTP_PORT: ports.temporalFrontendHttp,
    MATCHING_PORT: t.matching,
    MATCHING_MEMBERSHIP_PORT: t.matchingMembership,
    HISTORY_PORT: t.history,
    HISTORY_MEMBERSHIP_PORT: t.historyMembership,
    WORKER_PORT: t.worker,
    WORKER_MEMBERSHIP_PORT: t.workerMembership,
    DYNAMIC_CONFIG_FILE: dynamicConfig,
  };
  const template = readFileSync(join(__dirname, 'temporal-server.yaml'), 'utf8');
  const rendered = template.replace(/\{\{([A-Z_]+)\}\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`temporal-server.yaml: no value for {{${name}}}`);
    return String(values[name]);
  });
  writeFileSync(join(dir, 'config/cluster.yaml'), rendered);
}

export function temporalServerProcess(tools: TemporalTools, dir: string, address: string): ManagedProcess {
  return managedProcess({
    name: 'temporal-server',
    command: tools.server,
    args: ['--root', dir, '--config', 'config', '--env', 'cluster', '--allow-no-auth', 'start'],
    logFile: join(dir, 'server.log'),
    readyTimeoutMs: 120_000,
    ready: () => temporalAnswers(address, 'temporal-system'),
  });
}

async function temporalAnswers(address: string, namespace: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 1_000 });
  try {
    await connection.workflowService.describeNamespace({ namespace });
    return true;
  } finally {
    await connection.close();
  }
}

/** The namespace (1 day retention) and the custom search attributes; each is skipped when it exists. */
export async function registerNamespace(
  tools: TemporalTools,
  address: string,
  namespace: string,
  log: (line: string) => void,
): Promise<void> {
  const cli = (...args: string[]) =>
    execFileSync(tools.cli, [...args, '--address', address], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (!(await temporalAnswers(address, namespace).catch(() => false))) {
    cli('operator', 'namespace', 'create', '--namespace', namespace, '--retention', '72h');
    for (let i = 0; i < 40 && !(await temporalAnswers(address, namespace).catch(() => false)); i++)
      await new Promise((r) => setTimeout(r, 250));
  }
  const existing = await retrying(() =>
    cli('operator', 'search-attribute', 'list', '--namespace', namespace, '--output', 'json'),
  );
  const missing = SEARCH_ATTRIBUTE_NAMES.filter((name) => !existing.includes(`"${name}"`));
  if (missing.length > 0) {
    await retrying(() =>
      cli(
        'operator',
        'search-attribute',
        'create',
        '--namespace',
        namespace,
        ...missing.flatMap((name) => ['--name', name, '--type', SEARCH_ATTRIBUTES[name]]),
      ),
    );
  }
  log(
    `namespace "${namespace}" with search attributes ${SEARCH_ATTRIBUTE_NAMES.join(', ')}${missing.length ? ` (registered ${missing.join(', ')})` : ''}`,
  );
}

/** A new namespace reaches the frontend's namespace cache within ~10 s; until then it is "not found". */
async function retrying<T>(action: () => T, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return action();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

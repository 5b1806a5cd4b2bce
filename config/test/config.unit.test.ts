import { ConfigError, DEFAULTS, loadConfig, maskDatabaseUrl, searchAttributeFlags } from '../src';

const root = '/repo';

describe('loadConfig', () => {
  it('given no variables, when loaded, then every default applies and PostgreSQL is embedded', () => {
    const config = loadConfig({}, root);
    expect(config.database.url).toBeUndefined();
    expect(config.database.embedded).toEqual({ port: DEFAULTS.EMBEDDED_PG_PORT, dir: '/repo/data/postgres' });
    expect(config.temporal).toMatchObject({ address: '127.0.0.1:7233', namespace: 'default', uiPort: 8233 });
    expect(config.temporal.dbFile).toBe('/repo/data/temporal/dev.sqlite');
    expect(config.taskQueue).toBe('pco-inventory');
    expect(config.gateway.port).toBe(3100);
    expect(config.test.temporalAddress).toBeUndefined();
  });

  it('given valid overrides, when loaded, then they win and absolute paths stay absolute', () => {
    const config = loadConfig(
      {
        DATABASE_URL: 'postgres://u:p@db:5432/app',
        TEMPORAL_DB_FILE: '/tmp/t.sqlite',
        GATEWAY_PORT: '4000',
        TEMPORAL_TEST_ADDRESS: 'localhost:7300',
      },
      root,
    );
    expect(config.database.url).toBe('postgres://u:p@db:5432/app');
    expect(config.temporal.dbFile).toBe('/tmp/t.sqlite');
    expect(config.gateway.port).toBe(4000);
    expect(config.test.temporalAddress).toBe('localhost:7300');
  });

  it('given several bad values, when loaded, then one ConfigError names each of them', () => {
    const bad = {
      GATEWAY_PORT: '70000',
      TEMPORAL_ADDRESS: 'no-port',
      DATABASE_URL: 'mysql://x',
      TEMPORAL_START_DEV_SERVER: 'maybe',
    };
    let caught: unknown;
    try {
      loadConfig(bad, root);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.join('\n');
    for (const name of Object.keys(bad)) expect(problems).toContain(name);
  });

  it('given NODE_ENV=production, when the challenge secret is the development default or short, then loading refuses it', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' }, root)).toThrow(/AUTH_CHALLENGE_SECRET must be set/);
    expect(() => loadConfig({ NODE_ENV: 'production', AUTH_CHALLENGE_SECRET: 'short' }, root)).toThrow(
      /AUTH_CHALLENGE_SECRET/,
    );
    const secret = 'x'.repeat(40);
    expect(loadConfig({ NODE_ENV: 'production', AUTH_CHALLENGE_SECRET: secret }, root).auth.challengeSecret).toBe(
      secret,
    );
    expect(loadConfig({}, root).auth).toEqual({
      challengeSecret: DEFAULTS.AUTH_CHALLENGE_SECRET,
      challengeTtlMs: 60_000,
      enrolmentCodeTtlMs: 86_400_000,
    });
  });

  it('given two services on one port, when loaded, then the clash is reported', () => {
    expect(() => loadConfig({ GATEWAY_PORT: '8233' }, root)).toThrow(/GATEWAY_PORT and TEMPORAL_UI_PORT are both 8233/);
  });
});

describe('helpers', () => {
  it('masks the password of a database url', () => {
    expect(maskDatabaseUrl('postgres://u:secret@h:1/db')).toBe('postgres://u:***@h:1/db');
    expect(maskDatabaseUrl('postgres://u@h:1/db')).toBe('postgres://u@h:1/db');
  });

  it('registers every search attribute as a Keyword', () => {
    expect(searchAttributeFlags()).toEqual(
      expect.arrayContaining(['--search-attribute', 'ConflictStatus=Keyword', 'Severity=Keyword']),
    );
    expect(searchAttributeFlags()).toHaveLength(10);
  });
});

describe('gateway limits', () => {
  it('given no variables, when loaded, then the per-device limits have their defaults', () => {
    expect(loadConfig({}, root).gateway.limits).toEqual({
      maxMessageBytes: 1_000_000,
      uploadRatePerSecond: 20,
      uploadBurst: 40,
      uploadEventsPerSecond: 100,
      uploadEventsBurst: 1_000,
      pullRatePerSecond: 5,
      pullBurst: 20,
      pullConcurrency: 2,
    });
  });

  it('given overrides and a bad value, when loaded, then the good ones apply and the bad one is named', () => {
    expect(
      loadConfig({ GATEWAY_PULL_RATE_PER_SECOND: '2', GATEWAY_MAX_MESSAGE_BYTES: '50000' }, root).gateway.limits,
    ).toMatchObject({ pullRatePerSecond: 2, maxMessageBytes: 50_000 });
    expect(() => loadConfig({ GATEWAY_PULL_CONCURRENCY: '0' }, root)).toThrow(
      /GATEWAY_PULL_CONCURRENCY="0" must be a positive integer/,
    );
  });
});

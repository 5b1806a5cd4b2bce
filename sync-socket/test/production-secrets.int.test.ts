/**
 * The gateway's entry point (src/main.ts, what a deployment runs) refuses to start in production
 * with a public secret or a default database password: exit code 78 (EX_CONFIG), each problem
 * named, nothing listened on. @pco/config's unit tests cover every rule; this proves the entry
 * point applies them before it touches the database.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DEFAULTS } from '@pco/config';

const repoRoot = join(__dirname, '..', '..');
const mainTs = join(repoRoot, 'sync-socket', 'src', 'main.ts');
const goodSecret = 'k3y-from-the-vault-0123456789-abcdefghij';

function startGatewayWith(env: Record<string, string>): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', mainTs], {
    cwd: repoRoot,
    env: {
      NODE_ENV: 'production',
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      GATEWAY_PORT: '50006',
      ...env,
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stderr: result.stderr };
}

jest.setTimeout(120_000);

describe('gateway entry point in production', () => {
  it('exits 78 with the development challenge secret, naming it', () => {
    const run = startGatewayWith({
      NODE_ENV: 'production',
      AUTH_CHALLENGE_SECRET: DEFAULTS.AUTH_CHALLENGE_SECRET,
      DATABASE_URL: 'postgres://pco:a-real-password-from-the-vault@127.0.0.1:5432/pco',
    });
    expect(run.status).toBe(78);
    expect(run.stderr).toContain('AUTH_CHALLENGE_SECRET must be a secret of at least 32 characters');
  });

  it('exits 78 with a default database password, naming it', () => {
    const run = startGatewayWith({
      NODE_ENV: 'production',
      AUTH_CHALLENGE_SECRET: goodSecret,
      DATABASE_URL: 'postgres://postgres:postgres@127.0.0.1:5432/postgres',
    });
    expect(run.status).toBe(78);
    expect(run.stderr).toContain('DATABASE_URL uses a default password');
  });

  it('exits 78 without any secret set', () => {
    const run = startGatewayWith({ NODE_ENV: 'production' });
    expect(run.status).toBe(78);
    expect(run.stderr).toContain('AUTH_CHALLENGE_SECRET must be set');
    expect(run.stderr).toContain('DATABASE_URL must be set');
  });
});

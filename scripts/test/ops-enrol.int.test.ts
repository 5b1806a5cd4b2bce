/**
 * `npm run ops:enrol` as an operator runs it (a child process against a real PostgreSQL): it prints
 * a one-time code a phone then registers with through the real gateway; a technician as issuer
 * is refused; a usage error exits 64.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEMO } from '@pco/store/demo';
import { generateDeviceKeys, postJson, startTestGateway, type TestGateway } from '@pco/sync-socket/test-support';

jest.setTimeout(90_000);

const root = join(__dirname, '../..');
const run = promisify(execFile);

async function enrol(databaseUrl: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/ops/enrol.ts', ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run ops:enrol', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(() => t.close());

  it('prints a code and its expiry; the person’s phone registers with it, once', async () => {
    const out = await enrol(t.db.databaseUrl, [
      '--person',
      DEMO.persons.tech3,
      '--by',
      DEMO.persons.manager,
      '--ttl-minutes',
      '30',
    ]);
    expect(out.code).toBe(0);
    const code = /^code: (\S+)$/m.exec(out.stdout)?.[1];
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    const expires = Date.parse(/expires (\S+):/.exec(out.stdout)![1]);
    expect(expires - Date.now()).toBeGreaterThan(25 * 60_000);
    expect(expires - Date.now()).toBeLessThanOrEqual(30 * 60_000);

    const body = { enrolmentCode: code, name: 'Jordan phone', publicKey: generateDeviceKeys().publicKey };
    const first = await postJson(`${t.url}/api/devices`, body);
    expect(first.status).toBe(201);
    expect(first.body.userId).toBe(DEMO.persons.tech3);
    expect(
      (await postJson(`${t.url}/api/devices`, { ...body, publicKey: generateDeviceKeys().publicKey })).body.error.code,
    ).toBe('ENROLMENT_CODE_USED');
  });

  it('refuses a technician as issuer (exit 1, FORBIDDEN) and a missing --by (exit 64)', async () => {
    const byTech = await enrol(t.db.databaseUrl, ['--person', DEMO.persons.tech3, '--by', DEMO.persons.tech1]);
    expect(byTech.code).toBe(1);
    expect(byTech.stderr).toContain('FORBIDDEN: only a manager or an admin may issue enrolment codes');
    expect(byTech.stdout).not.toContain('code:');
    const usage = await enrol(t.db.databaseUrl, ['--person', DEMO.persons.tech3]);
    expect(usage.code).toBe(64);
    expect(usage.stderr).toContain('usage: npm run ops:enrol');
  });
});

/**
 * The operators' command-line tools given what a tired operator types (child processes, real
 * PostgreSQL and Temporal): exponent or hex numbers, a flag twice, a backup over an existing
 * file or into a directory, a restore of a directory or of a file that is no backup into a
 * database that holds data, a revocation by a technician or of an unknown device, a typo in an
 * option. Each is refused with its exit code (usage 64, refusal 1), in one line without a stack,
 * and nothing changes.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { getDevice, query, readDatabaseInfo } from '@pco/store';
import { DEMO } from '@pco/store/demo';
import { startTestGateway, type TestGateway } from '@pco/sync-socket/test-support';

jest.setTimeout(120_000);

const root = join(__dirname, '../..');
const run = promisify(execFile);

async function cli(databaseUrl: string, script: string, args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: root,
      timeout: 60_000,
      env: { ...process.env, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: process.env.TEMPORAL_TEST_ADDRESS },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at |node_modules|triggerUncaughtException/);

describe('careless operator input', () => {
  let t: TestGateway;
  const dir = mkdtempSync(join(tmpdir(), 'pco-careless-cli-'));
  const url = () => t.db.databaseUrl;
  const submissions = async () =>
    Number((await query<{ n: string }>(t.orm.em.fork(), 'select count(*) as n from device_submissions'))[0].n);

  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['1e2', '0x10', '1_0', ' 5 x'])(
    'acknowledge-lost refuses the number %j (64) and records nothing',
    async (through) => {
      const before = await submissions();
      const out = await cli(url(), 'scripts/ops/acknowledge-lost.ts', [
        DEMO.devices.tech2,
        through,
        'lost',
        '--by',
        DEMO.persons.manager,
      ]);
      expect(out.code).toBe(64);
      expect(out.stderr).toContain('throughSequence must be a positive integer');
      expect(await submissions()).toBe(before);
    },
  );

  it('a flag given twice is a usage error, not the last one silently', async () => {
    const out = await cli(url(), 'scripts/ops/enrol.ts', [
      '--person',
      DEMO.persons.tech1,
      '--person',
      DEMO.persons.tech2,
      '--by',
      DEMO.persons.manager,
    ]);
    expect([out.code, out.stderr.split('\n')[0]]).toEqual([64, '--person is given twice']);
    expect(await query(t.orm.em.fork(), 'select id from enrolment_codes')).toEqual([]);
  });

  it('db:backup refuses an existing file without --force and a directory; with --force it replaces the file', async () => {
    const existing = join(dir, 'notes.txt');
    writeFileSync(existing, 'keep me');
    const refused = await cli(url(), 'scripts/db/backup.ts', ['--out', existing, '--format', 'logical']);
    expect(refused.code).toBe(64);
    expect(refused.stderr).toContain('exists; choose another name, or pass --force');
    expect(readFileSync(existing, 'utf8')).toBe('keep me');
    const intoDir = await cli(url(), 'scripts/db/backup.ts', ['--out', dir, '--format', 'logical']);
    expect([intoDir.code, intoDir.stderr]).toEqual([64, expect.stringContaining('is a directory')]);
    noStack(intoDir.stderr);
    const forced = await cli(url(), 'scripts/db/backup.ts', ['--out', existing, '--format', 'logical', '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(existing).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
  });

  it('db:restore judges the file before the database: a directory is 64, a file that is no backup is refused as such', async () => {
    const before = await readDatabaseInfo(t.orm);
    const directory = await cli(url(), 'scripts/db/restore.ts', [dir]);
    expect([directory.code, directory.stderr]).toEqual([64, expect.stringContaining('is a directory')]);
    const notBackup = join(dir, 'package.json');
    writeFileSync(notBackup, '{"name":"x"}');
    const refused = await cli(url(), 'scripts/db/restore.ts', [notBackup]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is neither a pg_dump custom-format file nor a logical backup');
    expect(refused.stderr).not.toContain('--force');
    expect(await readDatabaseInfo(t.orm)).toEqual(before);
  });

  it('ops:revoke refuses a technician, an unknown person and an unknown device at once; the device stays active', async () => {
    const byTech = await cli(url(), 'scripts/ops/revoke.ts', [DEMO.devices.tech3, 'lost', '--by', DEMO.persons.tech1]);
    expect(byTech.code).toBe(1);
    expect(byTech.stderr).toContain(`FORBIDDEN: ${DEMO.persons.tech1} is a technician`);
    const byNobody = await cli(url(), 'scripts/ops/revoke.ts', [DEMO.devices.tech3, 'lost', '--by', 'person-nobody']);
    expect([byNobody.code, byNobody.stderr]).toEqual([1, expect.stringContaining('UNKNOWN_PERSON')]);
    const unknownDevice = await cli(url(), 'scripts/ops/revoke.ts', [
      'device-nope',
      'lost',
      '--by',
      DEMO.persons.manager,
    ]);
    expect([unknownDevice.code, unknownDevice.stderr]).toEqual([1, expect.stringContaining('UNKNOWN_DEVICE')]);
    noStack(unknownDevice.stderr);
    expect((await getDevice(t.orm.em.fork(), DEMO.devices.tech3))?.status).toBe('active');
  });

  it('projection:rebuild and verify-log refuse an argument they do not know (64) instead of running without it', async () => {
    const typo = await cli(url(), 'store/src/cli/rebuild-projection.ts', ['--wirte']);
    expect([typo.code, typo.stderr.split('\n')[0]]).toEqual([64, 'unexpected argument --wirte']);
    const extra = await cli(url(), 'store/src/cli/verify-log.ts', ['--all']);
    expect([extra.code, extra.stderr.split('\n')[0]]).toEqual([64, 'unexpected argument --all']);
  });

  it('an unreachable database is one line of message, exit 1, no stack', async () => {
    const out = await cli('postgres://postgres:wrong@127.0.0.1:1/postgres', 'scripts/ops/acknowledge-lost.ts', [
      DEMO.devices.tech2,
      '1',
      'lost',
      '--by',
      DEMO.persons.manager,
    ]);
    expect(out.code).toBe(1);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
    noStack(out.stderr);
  });
});

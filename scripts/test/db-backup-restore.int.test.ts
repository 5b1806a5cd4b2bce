/**
 * `npm run db:backup` / `npm run db:restore` as an operator runs them (child processes, real
 * PostgreSQL, the machine's pg_dump/pg_restore): a database with demo data and real device
 * traffic (accepted events and a conflict) is dumped and restored into an empty database; the
 * restored one has the same log, its hash chain verifies and its projection equals a rebuild.
 * A restore over a database that holds data is refused without --force and changes nothing.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import { forkEm, headHash, readDatabaseInfo, rebuildProjection, verifyChain } from '@pco/store';
import { freshDatabase, type FreshDatabase } from '@pco/store/test-support';
import {
  connectAs,
  DEMO,
  demoDevice,
  DeviceEvents,
  startTestGateway,
  upload,
  writeCounts,
  type TestGateway,
} from '@pco/sync-socket/test-support';

jest.setTimeout(120_000);

const root = join(__dirname, '../..');
const run = promisify(execFile);

async function cli(
  script: string,
  databaseUrl: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run db:backup / db:restore', () => {
  let source: TestGateway;
  let target: FreshDatabase;
  let occupied: FreshDatabase;
  const dir = mkdtempSync(join(tmpdir(), 'pco-backup-test-'));
  const file = join(dir, 'pco.dump');

  beforeAll(async () => {
    source = await startTestGateway();
    target = await freshDatabase({ migrate: false });
    occupied = await freshDatabase();
    // Traffic: accepted issues and returns from two devices, and one insufficient-inventory conflict.
    for (const tech of ['tech1', 'tech2'] as const) {
      const device = demoDevice(tech);
      const events = new DeviceEvents(device.deviceId, device.keys, device.personId);
      const socket = await connectAs(source.url, device);
      const vehicle = tech === 'tech1' ? DEMO.locations.vehicle1 : DEMO.locations.vehicle2;
      const ack = await upload(socket, [
        events.next({
          eventType: 'ProductIssued',
          product: DEMO.products.gloves,
          quantity: { value: 2, unit: 'each' },
          fromLocation: vehicle,
          toLocation: DEMO.locations.customerSite,
        }),
        events.next({
          eventType: 'ProductReturned',
          product: DEMO.products.gloves,
          quantity: { value: 1, unit: 'each' },
          fromLocation: DEMO.locations.customerSite,
          toLocation: vehicle,
        }),
        events.next({
          eventType: 'ProductIssued',
          product: DEMO.products.gloves,
          quantity: { value: 100_000, unit: 'each' },
          fromLocation: vehicle,
        }),
      ]);
      expect(ack.ok && ack.data.answers.map((a) => a.status)).toEqual(['accepted', 'accepted', 'conflict']);
      socket.close();
    }
  });
  afterAll(async () => {
    await source?.close();
    await target?.drop();
    await occupied?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('restores a backup into an empty database: same log and head, chain verified, projection equals a rebuild', async () => {
    const sourceCounts = await writeCounts(source.orm);
    const sourceHead = await headHash(forkEm(source.orm));
    const backup = await cli('scripts/db/backup.ts', source.db.databaseUrl, ['--out', file]);
    expect(backup).toMatchObject({ code: 0, stdout: expect.stringContaining(`chain head ${sourceHead}`) });

    const restore = await cli('scripts/db/restore.ts', target.databaseUrl, [file]);
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    expect(restore.stdout).toContain(`hash chain verified (${sourceCounts.event_log} events)`);
    expect(restore.stdout).toContain('projection: 0 difference(s)');

    // The same checks, made here on the restored database.
    expect(await writeCounts(target.orm)).toEqual(sourceCounts);
    expect(await headHash(forkEm(target.orm))).toBe(sourceHead);
    expect(await verifyChain(forkEm(target.orm))).toEqual({ checked: sourceCounts.event_log, firstBreak: null });
    expect((await rebuildProjection(target.orm, { write: false })).differences).toEqual([]);
  });

  it('refuses to restore over a database that holds data, without --force, and leaves it as it was', async () => {
    const before = await readDatabaseInfo(occupied.orm);
    const refused = await cli('scripts/db/restore.ts', occupied.databaseUrl, [file]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is not empty');
    expect(await readDatabaseInfo(occupied.orm)).toEqual(before);
  });

  it('with --force replaces what the backup holds, and the checks pass', async () => {
    const forced = await cli('scripts/db/restore.ts', occupied.databaseUrl, [file, '--force']);
    expect(forced.code).toBe(0);
    expect(await headHash(forkEm(occupied.orm))).toBe(await headHash(forkEm(source.orm)));
  });

  it('exits 64 on a usage error', async () => {
    expect((await cli('scripts/db/restore.ts', target.databaseUrl, [])).code).toBe(64);
    expect((await cli('scripts/db/restore.ts', target.databaseUrl, [join(dir, 'missing.dump')])).code).toBe(64);
    expect((await cli('scripts/db/backup.ts', source.db.databaseUrl, ['--format', 'tar'])).code).toBe(64);
  });
});

/**
 * The logical backup (SQL only, no pg_dump): what `db:backup` writes when no pg_dump is new
 * enough for the server, as for the embedded PostgreSQL 18 of `npm start`. Forced here with
 * --format logical on the test server.
 */
describe('npm run db:backup --format logical / db:restore', () => {
  let source: TestGateway;
  let empty: FreshDatabase;
  let spare: FreshDatabase;
  let occupied: FreshDatabase;
  const dir = mkdtempSync(join(tmpdir(), 'pco-logical-backup-test-'));
  const file = join(dir, 'pco.ndjson.gz');
  const lines = (): string[] => gunzipSync(readFileSync(file)).toString('utf8').trimEnd().split('\n');
  const damaged = (name: string, edit: (lines: string[]) => string[]): string => {
    const path = join(dir, name);
    writeFileSync(path, gzipSync(`${edit(lines()).join('\n')}\n`));
    return path;
  };

  beforeAll(async () => {
    source = await startTestGateway();
    empty = await freshDatabase({ migrate: false });
    spare = await freshDatabase({ migrate: false });
    occupied = await freshDatabase();
    const device = demoDevice('tech1');
    const events = new DeviceEvents(device.deviceId, device.keys, device.personId);
    const socket = await connectAs(source.url, device);
    const ack = await upload(socket, [
      events.next({
        eventType: 'ProductIssued',
        product: DEMO.products.gloves,
        quantity: { value: 2, unit: 'each' },
        fromLocation: DEMO.locations.vehicle1,
        toLocation: DEMO.locations.customerSite,
      }),
      events.next({
        eventType: 'ProductIssued',
        product: DEMO.products.gloves,
        quantity: { value: 100_000, unit: 'each' },
        fromLocation: DEMO.locations.vehicle1,
      }),
    ]);
    expect(ack.ok && ack.data.answers.map((a) => a.status)).toEqual(['accepted', 'conflict']);
    socket.close();
    const backup = await cli('scripts/db/backup.ts', source.db.databaseUrl, ['--out', file, '--format', 'logical']);
    expect(backup.stderr).toBe('');
    expect(backup).toMatchObject({
      code: 0,
      stdout: expect.stringContaining(`chain head ${await headHash(forkEm(source.orm))}`),
    });
  });
  afterAll(async () => {
    await source?.close();
    for (const db of [empty, spare, occupied]) await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a header naming every migration and table, the rows, and an end marker that counts them', () => {
    const all = lines();
    const header = JSON.parse(all[0]) as {
      format: string;
      migrations: string[];
      tables: Array<{ name: string; rows: number }>;
    };
    expect(header.format).toBe('pco-logical-backup');
    expect(header.migrations[0]).toBe('Migration20261126000000_initial');
    const names = header.tables.map((t) => t.name);
    // Parents before children: devices before the event log that references them.
    expect(names.indexOf('devices')).toBeLessThan(names.indexOf('event_log'));
    const rows = header.tables.reduce((n, t) => n + t.rows, 0);
    expect(JSON.parse(all[all.length - 1])).toEqual({ end: true, tables: header.tables.length, rows });
    expect(all).toHaveLength(1 + header.tables.length + rows + 1);
  });

  it('restores into an empty database: same rows and head, chain verified, projection equals a rebuild, sequences moved on', async () => {
    const restore = await cli('scripts/db/restore.ts', empty.databaseUrl, [file]);
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    expect(restore.stdout).toContain('logical backup:');
    const counts = await writeCounts(source.orm);
    expect(restore.stdout).toContain(`hash chain verified (${counts.event_log} events)`);
    expect(await writeCounts(empty.orm)).toEqual(counts);
    expect(await headHash(forkEm(empty.orm))).toBe(await headHash(forkEm(source.orm)));
    expect((await rebuildProjection(empty.orm, { write: false })).differences).toEqual([]);
    // Every stored payload came back as it was: the chain verifies each content hash.
    expect(await verifyChain(forkEm(empty.orm))).toEqual({ checked: counts.event_log, firstBreak: null });
    // bigserial positions continue after the restored ones: a new append does not collide.
    const [next] = await forkEm(empty.orm).execute<Array<{ n: string }>>(
      `select nextval(pg_get_serial_sequence('event_log', 'position')) as n`,
    );
    expect(Number(next.n)).toBe(counts.event_log + 1);
  });

  it('refuses a truncated file and a file with an edited count, and leaves the target as it was', async () => {
    const truncated = damaged('truncated.ndjson.gz', (l) => l.slice(0, -3));
    const refused = await cli('scripts/db/restore.ts', spare.databaseUrl, [truncated]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('truncated');
    expect(await readDatabaseInfo(spare.orm)).toMatchObject({ userTables: 0, logEvents: null });

    // Whole, but one event row breaks a NOT NULL: the load fails inside its transaction.
    const unfit = damaged('unfit.ndjson.gz', (l) =>
      l.map((line) => line.replace(/"event_type":"[A-Za-z]+"/, '"event_type":null')),
    );
    const failed = await cli('scripts/db/restore.ts', spare.databaseUrl, [unfit]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('rows of event_log do not fit its table');
    expect(await readDatabaseInfo(spare.orm)).toMatchObject({ userTables: 0, logEvents: null });

    const before = await readDatabaseInfo(occupied.orm);
    const headBefore = await headHash(forkEm(occupied.orm));
    const edited = damaged('edited.ndjson.gz', (l) => [l[0].replace('"rows":', '"rows":1'), ...l.slice(1)]);
    const forced = await cli('scripts/db/restore.ts', occupied.databaseUrl, [edited, '--force']);
    expect(forced.code).toBe(1);
    expect(forced.stderr).toContain('nothing was changed');
    expect(await readDatabaseInfo(occupied.orm)).toEqual(before);
    expect(await headHash(forkEm(occupied.orm))).toBe(headBefore);
  });

  it('refuses a file that is no backup at all', async () => {
    const junk = join(dir, 'junk.bin');
    writeFileSync(junk, 'hello');
    const refused = await cli('scripts/db/restore.ts', spare.databaseUrl, [junk]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('neither a pg_dump');
  });

  it('with --force replaces a database that holds data', async () => {
    const forced = await cli('scripts/db/restore.ts', occupied.databaseUrl, [file, '--force']);
    expect(forced.stderr).toBe('');
    expect(forced.code).toBe(0);
    expect(await writeCounts(occupied.orm)).toEqual(await writeCounts(source.orm));
    expect(await headHash(forkEm(occupied.orm))).toBe(await headHash(forkEm(source.orm)));
  });
});

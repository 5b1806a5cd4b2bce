/**
 * `npm run db:backup` / `npm run db:restore` as an operator runs them (child processes, real
 * PostgreSQL, the machine's pg_dump/pg_restore): a database with demo data and real device
 * traffic (accepted events and a conflict) is dumped and restored into an empty database; the
 * restored one has the same log, its hash chain verifies and its projection equals a rebuild.
 * A restore over a database that holds data is refused without --force and changes nothing.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
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
  });
});

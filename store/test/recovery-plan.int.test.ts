/**
 * Planning a mass recovery without a device list: with `offlineSince` only the devices silent
 * since then, without it every active device. (The "every device" plan once bound a far-future
 * date, year +275760, that PostgreSQL refuses: the plan failed before any device was admitted.)
 */
import { planRecovery, run, type Em, type RecoveryCandidate } from '../src';
import { DEMO, seedDemoData } from '../demo';
import { freshDatabase, type FreshDatabase } from '../test-support';

const NOW = new Date('2026-11-29T12:00:00.000Z');
const asListed = (candidates: RecoveryCandidate[]) =>
  [...candidates].sort((a, b) => a.deviceId.localeCompare(b.deviceId));

let db: FreshDatabase;
beforeAll(async () => {
  db = await freshDatabase({ poolMax: 2 });
  await seedDemoData(db.orm, NOW);
});
afterAll(() => db?.drop());

const em = () => db.orm.em.fork() as Em;
const plannedDevices = async (runId: string) =>
  (
    await em()
      .getConnection()
      .execute<Array<{ device_id: string }>>('select device_id from recovery_plan where run_id = ? order by rank', [
        runId,
      ])
  ).map((r) => r.device_id);

it('without offlineSince, plans every active device', async () => {
  const planned = await planRecovery(em(), { runId: 'run-all' }, asListed);
  expect(planned.total).toBe(3);
  expect(await plannedDevices('run-all')).toEqual([DEMO.devices.tech1, DEMO.devices.tech2, DEMO.devices.tech3].sort());
});

it('with offlineSince, plans only the devices that have not synced since', async () => {
  await run(em(), 'update devices set last_sync_at = $2 where id = $1', [
    DEMO.devices.tech2,
    new Date(NOW.getTime() - 60_000),
  ]);
  const planned = await planRecovery(
    em(),
    { runId: 'run-stale', offlineSince: new Date(NOW.getTime() - 3_600_000).toISOString() },
    asListed,
  );
  expect(planned.total).toBe(2);
  expect(await plannedDevices('run-stale')).toEqual([DEMO.devices.tech1, DEMO.devices.tech3].sort());
});

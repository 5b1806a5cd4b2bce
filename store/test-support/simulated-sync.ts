/**
 * Test support for recovery: what a fleet that cannot run here would leave in the database when
 * it syncs — last_sync_at set, and (for a share of devices) an open conflict, as the gateway
 * would record it.
 */
import { randomUUID } from 'node:crypto';
import { forkEm, type StoreOrm } from '../src';

export async function simulateFleetSync(
  orm: StoreOrm,
  input: { deviceIds: string[]; conflicted: string[]; syncedAt: string },
): Promise<void> {
  const em = forkEm(orm);
  for (const deviceId of input.conflicted) {
    await em.execute(
      `insert into conflicts (id, type, status, severity, device_id, event_id, event, details, created_at)
       values (?, 'INSUFFICIENT_INVENTORY', 'open', 'warning', ?, ?, '{}'::jsonb, ?::jsonb, ?::timestamptz)`,
      [randomUUID(), deviceId, randomUUID(), JSON.stringify({ message: 'simulated during recovery' }), input.syncedAt],
      'run',
    );
  }
  if (input.deviceIds.length > 0) {
    await em.execute(
      'update devices set last_sync_at = ?::timestamptz where id in (?)',
      [input.syncedAt, input.deviceIds],
      'run',
    );
  }
}

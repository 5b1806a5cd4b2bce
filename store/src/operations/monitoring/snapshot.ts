/** Reads what the alert rules need: active devices with their metrics, and open conflicts. */
import type { EntityManager } from '@mikro-orm/postgresql';

/** What the alert rules read (workflows' MonitoringSnapshot). */
export interface MonitoringSnapshot {
  observedAt: string;
  devices: Array<{
    deviceId: string;
    registeredAt: string;
    lastSyncAt: string | null;
    pendingQueueSize: number;
    consecutiveSyncFailures: number;
  }>;
  openConflicts: Array<{ conflictId: string; createdAt: string }>;
}

const iso = (value: Date | string): string => new Date(value).toISOString();

export async function loadSnapshot(em: EntityManager, observedAt: Date): Promise<MonitoringSnapshot> {
  const devices = await em.execute<
    Array<{
      id: string;
      registered_at: Date;
      last_sync_at: Date | null;
      pending_queue_size: number;
      consecutive_sync_failures: number;
    }>
  >(
    `select d.id, d.registered_at, d.last_sync_at,
            coalesce(m.pending_queue_size, 0) as pending_queue_size, coalesce(m.consecutive_sync_failures, 0) as consecutive_sync_failures
       from devices d left join device_metrics m on m.device_id = d.id
      where d.status = 'active' order by d.id`,
  );
  const conflicts = await em.execute<Array<{ id: string; created_at: Date }>>(
    "select id, created_at from conflicts where status = 'open' order by created_at",
  );
  return {
    observedAt: observedAt.toISOString(),
    devices: devices.map((d) => ({
      deviceId: d.id,
      registeredAt: iso(d.registered_at),
      lastSyncAt: d.last_sync_at ? iso(d.last_sync_at) : null,
      pendingQueueSize: Number(d.pending_queue_size),
      consecutiveSyncFailures: Number(d.consecutive_sync_failures),
    })),
    openConflicts: conflicts.map((c) => ({ conflictId: c.id, createdAt: iso(c.created_at) })),
  };
}

/**
 * Devices: registration, lookup for authentication, sync bookkeeping. getDevice (every handshake
 * and every upload, often `for update` inside the write transaction) and the status update stay
 * SQL on the write path's connection; the listing goes through the EntityManager.
 */
import { randomUUID } from 'node:crypto';
import type { Device, DeviceStatus } from '@pco/domain';
import { DeviceEntity } from './entities';
import { type Em, queryOne, run, toIso } from './sql';

/** A device plus the server's per-device sync state. */
export interface StoredDevice extends Device {
  lastAcceptedSeq: number;
  heldByConflictId: string | null;
}

interface DeviceDbRow {
  id: string;
  user_id: string;
  name: string;
  status: DeviceStatus;
  public_key: string;
  registered_at: Date;
  last_sync_at: Date | null;
  last_accepted_seq: number;
  held_by_conflict_id: string | null;
  revoked_at: Date | null;
  revoked_reason: string | null;
}

export function toStoredDevice(r: DeviceDbRow): StoredDevice {
  const device: StoredDevice = {
    id: r.id,
    userId: r.user_id,
    name: r.name,
    status: r.status,
    publicKey: r.public_key,
    registeredAt: toIso(r.registered_at),
    lastSyncAt: r.last_sync_at ? toIso(r.last_sync_at) : null,
    lastAcceptedSeq: r.last_accepted_seq,
    heldByConflictId: r.held_by_conflict_id,
  };
  if (r.revoked_at) device.revokedAt = toIso(r.revoked_at);
  if (r.revoked_reason) device.revokedReason = r.revoked_reason;
  return device;
}

export interface RegisterDeviceInput {
  userId: string;
  name: string;
  publicKey: string;
  now: Date;
  /** Fixed id (seed data); a random UUID otherwise. */
  deviceId?: string;
}

/** Registers a device; the caller has checked that userId exists (UNKNOWN_PERSON otherwise). */
export async function registerDevice(em: Em, input: RegisterDeviceInput): Promise<StoredDevice> {
  const id = input.deviceId ?? randomUUID();
  const row = await queryOne<DeviceDbRow>(
    em,
    `insert into devices (id, user_id, name, status, public_key, registered_at) values ($1, $2, $3, 'active', $4, $5) returning *`,
    [id, input.userId, input.name, input.publicKey, input.now],
  );
  return toStoredDevice(row!);
}

export async function getDevice(
  em: Em,
  deviceId: string,
  opts: { forUpdate?: boolean } = {},
): Promise<StoredDevice | null> {
  const row = await queryOne<DeviceDbRow>(
    em,
    `select * from devices where id = $1${opts.forUpdate ? ' for update' : ''}`,
    [deviceId],
  );
  return row ? toStoredDevice(row) : null;
}

export async function listDevices(em: Em, filter: { userId?: string } = {}): Promise<StoredDevice[]> {
  const rows = await em.find(DeviceEntity, filter.userId ? { userId: filter.userId } : {}, {
    disableIdentityMap: true,
    orderBy: { registeredAt: 'asc', id: 'asc' },
  });
  return rows.map((r) =>
    toStoredDevice({
      id: r.id,
      user_id: r.userId,
      name: r.name,
      status: r.status,
      public_key: r.publicKey,
      registered_at: r.registeredAt,
      last_sync_at: r.lastSyncAt ?? null,
      last_accepted_seq: r.lastAcceptedSeq,
      held_by_conflict_id: r.heldByConflictId ?? null,
      revoked_at: r.revokedAt ?? null,
      revoked_reason: r.revokedReason ?? null,
    }),
  );
}

/** Suspends or revokes a device. Idempotent: a revoked device stays revoked. */
export async function setDeviceStatus(
  em: Em,
  deviceId: string,
  status: DeviceStatus,
  opts: { now: Date; reason?: string },
): Promise<StoredDevice | null> {
  const row = await queryOne<DeviceDbRow>(
    em,
    `update devices set status = case when status = 'revoked' then status else $2 end,
       revoked_at = case when $2 = 'revoked' and revoked_at is null then $3 else revoked_at end,
       revoked_reason = case when $2 = 'revoked' and revoked_reason is null then $4 else revoked_reason end
     where id = $1 returning *`,
    [deviceId, status, opts.now, opts.reason ?? null],
  );
  return row ? toStoredDevice(row) : null;
}

/** Releases the hold a conflict put on a device (called when the conflict is resolved). */
export async function releaseDeviceHold(em: Em, deviceId: string, conflictId: string): Promise<void> {
  await run(em, 'update devices set held_by_conflict_id = null where id = $1 and held_by_conflict_id = $2', [
    deviceId,
    conflictId,
  ]);
}

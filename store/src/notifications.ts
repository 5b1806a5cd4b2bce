/**
 * The device notification outbox (table device_notifications): workers write, gateways deliver.
 *
 * Writing commits the row and `pg_notify('device_notifications', id)` in one transaction, so a
 * listening gateway in any process hears of it only once it is durable. Writers in this process
 * also tell `deviceNotificationWakeups`, so a gateway in the same process (`npm start`) delivers
 * at once without waiting for the NOTIFY round trip.
 *
 * Delivering takes the device's undelivered rows with `for update skip locked`, hands them to
 * the caller in id order and marks them delivered in the same transaction: two gateways (or a
 * wake-up and a NOTIFY arriving together) never deliver one row twice.
 *
 * SQL: the row and its pg_notify must commit in one transaction, and delivery claims rows with `for update skip locked`.
 */
import { EventEmitter } from 'node:events';
import type { DeviceId, ServerToClientEvents } from '@pco/domain';
import type { Em } from './sql';

export const DEVICE_NOTIFICATION_CHANNEL = 'device_notifications';

/** Server→client events a notification can carry. */
export type PushedEventName =
  'conflict:notice' | 'conflict:resolved' | 'device:revoked' | 'recovery:admitted' | 'recovery:come-back-at';

/** Each kind with its payload: the protocol's server events, plus `disconnect` (the gateway drops the device's sockets). */
export type DeviceNotificationPayloads = { [K in PushedEventName]: Parameters<ServerToClientEvents[K]>[0] } & {
  disconnect: { reason: string };
};
export type DeviceNotificationKind = keyof DeviceNotificationPayloads;

export const DEVICE_NOTIFICATION_KINDS: readonly DeviceNotificationKind[] = [
  'conflict:notice',
  'conflict:resolved',
  'device:revoked',
  'recovery:admitted',
  'recovery:come-back-at',
  'disconnect',
];

export type NewDeviceNotification = {
  [K in DeviceNotificationKind]: {
    deviceId: DeviceId;
    kind: K;
    payload: DeviceNotificationPayloads[K];
    /** Rows with the same key are written once: a retried activity does not notify twice. */
    dedupeKey?: string;
  };
}[DeviceNotificationKind];

export type StoredDeviceNotification = NewDeviceNotification & { id: string; createdAt: string };

/**
 * The one dedupe key of a conflict message for a device. The gateway (right after the upload) and
 * the conflict workflow (when it starts) both write the notice under it, so the outbox holds one
 * row and the device hears of each conflict once, whichever writer comes first.
 */
export const conflictMessageDedupeKey = (
  kind: 'conflict:notice' | 'conflict:resolved',
  conflictId: string,
  deviceId: DeviceId,
): string => `${kind}:${conflictId}:${deviceId}`;

/** In-process wake-ups: emits 'written' with the device id after a commit (see the file comment). */
export const deviceNotificationWakeups = new EventEmitter();
deviceNotificationWakeups.setMaxListeners(50);

export class DeviceNotificationError extends Error {
  constructor(
    readonly code: 'VALIDATION_ERROR',
    message: string,
  ) {
    super(message);
    this.name = 'DeviceNotificationError';
  }
}

function check(items: readonly NewDeviceNotification[]): void {
  for (const item of items) {
    if (typeof item.deviceId !== 'string' || item.deviceId === '')
      throw new DeviceNotificationError('VALIDATION_ERROR', 'a notification needs a deviceId');
    if (!DEVICE_NOTIFICATION_KINDS.includes(item.kind))
      throw new DeviceNotificationError('VALIDATION_ERROR', `unknown notification kind "${String(item.kind)}"`);
  }
}

/**
 * Writes the notifications and their NOTIFYs in one transaction (joins the caller's, if any).
 * Returns the ids written (a duplicate dedupe key writes nothing and returns no id).
 */
export async function enqueueDeviceNotifications(
  em: Em,
  items: readonly NewDeviceNotification[],
  now: Date,
): Promise<string[]> {
  check(items);
  if (items.length === 0) return [];
  const written = await em.transactional(async (tem) => {
    const ids: Array<{ id: string; deviceId: string }> = [];
    for (const item of items) {
      const rows = await tem.execute<Array<{ id: string }>>(
        `insert into device_notifications (device_id, kind, payload, dedupe_key, created_at)
         values (?, ?, ?::jsonb, ?, ?::timestamptz) on conflict (dedupe_key) do nothing returning id::text as id`,
        [item.deviceId, item.kind, JSON.stringify(item.payload), item.dedupeKey ?? null, now.toISOString()],
      );
      if (rows[0]) ids.push({ id: rows[0].id, deviceId: item.deviceId });
    }
    // Sent at commit, and only if the transaction commits.
    for (const { id } of ids) await tem.execute('select pg_notify(?, ?)', [DEVICE_NOTIFICATION_CHANNEL, id]);
    return ids;
  });
  for (const deviceId of new Set(written.map((w) => w.deviceId))) deviceNotificationWakeups.emit('written', deviceId);
  return written.map((w) => w.id);
}

/** The device an undelivered notification is for (null when delivered already or unknown). */
export async function deviceOfUndeliveredNotification(em: Em, id: string): Promise<DeviceId | null> {
  if (!/^\d{1,19}$/.test(id)) return null;
  const [row] = await em.execute<Array<{ device_id: string }>>(
    'select device_id from device_notifications where id = ?::bigint and delivered_at is null',
    [id],
  );
  return row?.device_id ?? null;
}

/** Which of the given devices have undelivered notifications. */
export async function devicesWithUndelivered(em: Em, deviceIds: readonly DeviceId[]): Promise<DeviceId[]> {
  if (deviceIds.length === 0) return [];
  const rows = await em.execute<Array<{ device_id: string }>>(
    'select distinct device_id from device_notifications where delivered_at is null and device_id in (?)',
    [deviceIds],
  );
  return rows.map((r) => r.device_id);
}

interface NotificationRow {
  id: string;
  device_id: string;
  kind: DeviceNotificationKind;
  payload: unknown;
  dedupe_key: string | null;
  created_at: Date;
}

/**
 * Hands the device's undelivered notifications, oldest first, to `deliver`, then marks them
 * delivered, all in one transaction. Rows another transaction is delivering are skipped.
 * Returns how many were delivered.
 */
export async function deliverDeviceNotifications(
  em: Em,
  deviceId: DeviceId,
  now: Date,
  deliver: (notification: StoredDeviceNotification) => void | Promise<void>,
): Promise<number> {
  return em.transactional(async (tem) => {
    const rows = await tem.execute<NotificationRow[]>(
      `select id::text as id, device_id, kind, payload, dedupe_key, created_at from device_notifications
        where device_id = ? and delivered_at is null order by id for update skip locked`,
      [deviceId],
    );
    if (rows.length === 0) return 0;
    for (const row of rows) {
      await deliver({
        id: row.id,
        deviceId: row.device_id,
        kind: row.kind,
        payload: row.payload,
        createdAt: new Date(row.created_at).toISOString(),
        ...(row.dedupe_key ? { dedupeKey: row.dedupe_key } : {}),
      } as StoredDeviceNotification);
    }
    await tem.execute('update device_notifications set delivered_at = ?::timestamptz where id in (?)', [
      now.toISOString(),
      rows.map((r) => r.id),
    ]);
    return rows.length;
  });
}

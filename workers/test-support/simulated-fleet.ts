/**
 * FAKE (tests and demos only): a fleet of devices that cannot run here. An admitted device
 * "syncs" at once by getting its last_sync_at set; waves listed in `conflictSpikes` also raise a
 * conflict for the given share of their devices, as the gateway would record it.
 */
import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/core';
import type { DeviceId } from '@pco/domain';
import { forkEm } from '../src/activities/revocation/ports';
import type { ComeBackNotice, FleetPort } from '../src/activities/recovery/fleet-port';

export interface SimulatedFleetOptions {
  orm: MikroORM;
  now: () => Date;
  /** wave number → share (0..1) of its devices that raise a conflict when they sync. */
  conflictSpikes?: Record<number, number>;
}

export class SimulatedFleetFake implements FleetPort {
  readonly admittedWaves = new Map<number, DeviceId[]>();
  readonly comeBackNotices: ComeBackNotice[] = [];

  constructor(private readonly options: SimulatedFleetOptions) {}

  async admit(_runId: string, deviceIds: DeviceId[], wave: number): Promise<void> {
    this.admittedWaves.set(wave, deviceIds);
    const em = forkEm(this.options.orm);
    const syncedAt = this.options.now().toISOString();
    const share = this.options.conflictSpikes?.[wave] ?? 0;
    const conflicted = deviceIds.slice(0, Math.ceil(deviceIds.length * share));
    for (const deviceId of conflicted) {
      await em.execute(
        `insert into conflicts (id, type, status, severity, device_id, event_id, event, details, created_at)
         values (?, 'INSUFFICIENT_INVENTORY', 'open', 'warning', ?, ?, '{}'::jsonb, ?::jsonb, ?::timestamptz)`,
        [randomUUID(), deviceId, randomUUID(), JSON.stringify({ message: 'simulated during recovery' }), syncedAt], 'run');
    }
    if (deviceIds.length > 0) {
      await em.execute('update devices set last_sync_at = ?::timestamptz where id in (?)', [syncedAt, deviceIds], 'run');
    }
  }

  async comeBackAt(_runId: string, notices: ComeBackNotice[]): Promise<void> {
    this.comeBackNotices.push(...notices);
  }
}

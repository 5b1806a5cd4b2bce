/**
 * FAKE (tests and demos only): a fleet of devices that cannot run here. An admitted device
 * "syncs" at once by getting its last_sync_at set; waves listed in `conflictSpikes` also raise a
 * conflict for the given share of their devices, as the gateway would record it.
 */
import type { DeviceId } from '@pco/domain';
import type { StoreOrm } from '@pco/store';
import { simulateFleetSync } from '@pco/store/test-support';
import type { ComeBackNotice, FleetPort } from '../src/activities/recovery/fleet-port';

export interface SimulatedFleetOptions {
  orm: StoreOrm;
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
    const share = this.options.conflictSpikes?.[wave] ?? 0;
    const conflicted = deviceIds.slice(0, Math.ceil(deviceIds.length * share));
    await simulateFleetSync(this.options.orm, { deviceIds, conflicted, syncedAt: this.options.now().toISOString() });
  }

  async comeBackAt(_runId: string, notices: ComeBackNotice[]): Promise<void> {
    this.comeBackNotices.push(...notices);
  }
}

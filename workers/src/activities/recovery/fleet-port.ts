/** How recovery reaches the devices: through the gateway's sockets (or the simulated fleet in tests). */
import type { DeviceId, Timestamp } from '@pco/domain';

export interface ComeBackNotice {
  deviceId: DeviceId;
  at: Timestamp;
}

export interface FleetPort {
  /** Tells the admitted devices to sync now. Telling twice is harmless. */
  admit(runId: string, deviceIds: DeviceId[], wave: number): Promise<void>;
  /** Tells waiting devices when their turn comes ("come back at T"). */
  comeBackAt(runId: string, notices: ComeBackNotice[]): Promise<void>;
}

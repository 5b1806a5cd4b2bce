/** Activities of the mass-recovery workflow, bound to the ORM, the clock and the fleet port. */
import { admitNext, forkEm, planRecovery, retimeWaiting, syncStatus, waveConflictCounts } from '@pco/store';
import { comeBackAtMs, conflictRate, rankForRecovery, type RecoveryActivities } from '@pco/workflows';
import type { OperationsDeps } from '../revocation/ports';
import type { FleetPort } from './fleet-port';

export interface RecoveryDeps extends OperationsDeps {
  fleet: FleetPort;
}

export function createRecoveryActivities(deps: RecoveryDeps): RecoveryActivities {
  return {
    planRecovery: (input) => planRecovery(forkEm(deps.orm), input, rankForRecovery),

    async admitWave(input) {
      const now = deps.now();
      const admitted = await admitNext(forkEm(deps.orm), input, now);
      // After the commit: a retry finds the same devices and tells them again, which is harmless.
      if (admitted.length > 0) await deps.fleet.admit(input.runId, admitted, input.wave);
      const notices = await retimeWaiting(forkEm(deps.orm), input, now, comeBackAtMs);
      if (notices.length > 0) await deps.fleet.comeBackAt(input.runId, notices);
      return {
        wave: input.wave,
        admitted: admitted.length,
        admittedAt: now.toISOString(),
        comeBackNotices: notices.length,
      };
    },

    waveSyncStatus: ({ runId, wave }) => syncStatus(forkEm(deps.orm), runId, wave),
    async measureWaveConflictRate({ runId, wave }) {
      const counts = await waveConflictCounts(forkEm(deps.orm), runId, wave);
      return { ...counts, rate: conflictRate(counts.devices, counts.devicesWithConflicts) };
    },
  };
}

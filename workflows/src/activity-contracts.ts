/**
 * The one activity contract: every activity any workflow here calls, as the types the workflows
 * proxy. The worker's createWorkerActivities (workers/src/worker.ts) must return exactly this, so
 * a workflow that starts calling a new activity does not compile until the worker implements it.
 * Workers import from here; nothing in workflows/ imports from workers/.
 */
import type { ConflictActivities } from './conflict/activity-types';
import type { EvidenceActivities } from './evidence/activity-types';
import type { MonitoringActivities } from './monitoring/activity-types';
import type { PingActivities } from './ping';
import type { ClockSkewActivities } from './recovery/clock-skew-activity-types';
import type { RecoveryActivities } from './recovery/activity-types';
import type { RevocationActivities } from './revocation/activity-types';

export type {
  ConflictActivities,
  MonitoringActivities,
  PingActivities,
  ClockSkewActivities,
  RecoveryActivities,
  RevocationActivities,
  EvidenceActivities,
};

export type WorkerActivities = PingActivities &
  ConflictActivities &
  RevocationActivities &
  RecoveryActivities &
  ClockSkewActivities &
  MonitoringActivities &
  EvidenceActivities;

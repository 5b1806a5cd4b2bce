/**
 * Every activity of the operations workflows (revocation, mass recovery, clock skew, monitoring)
 * from one set of dependencies, for the worker's createWorkerActivities.
 */
import { createClockSkewActivities, createRecoveryActivities, type FleetPort } from '../recovery';
import { createMonitoringActivities } from '../monitoring';
import { createRevocationActivities } from './revocation-activities';
import type { GatewayPort, MailPort, OperationsDeps } from './ports';

export interface OperationsActivityDeps extends OperationsDeps {
  mailer: MailPort;
  gateway: GatewayPort;
  fleet: FleetPort;
}

export function createOperationsActivities(deps: OperationsActivityDeps) {
  return {
    ...createRevocationActivities(deps),
    ...createRecoveryActivities(deps),
    ...createClockSkewActivities(deps),
    ...createMonitoringActivities(deps),
  };
}

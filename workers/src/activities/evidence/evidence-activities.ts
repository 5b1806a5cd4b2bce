/** Activities of the background log verification: thin calls into the store's verification. */
import { raiseIntegrityAlert, START_CURSOR, verifyLogPage, type StoreOrm } from '@pco/store';
import type { EvidenceActivities } from '@pco/workflows';

export function createEvidenceActivities(deps: { orm: StoreOrm; now: () => Date }): EvidenceActivities {
  return {
    verifyLogPage: (input) => verifyLogPage(deps.orm, input.cursor ?? START_CURSOR, input.pageSize),
    raiseIntegrityAlert: (bad) => raiseIntegrityAlert(deps.orm, bad, deps.now()),
  };
}

/**
 * Verifies the whole stored event log in the background: every device signature (at ingest only
 * the last of each linked run was verified), every device chain and the server's hash chain.
 * On the first bad event it raises an integrity alert naming it and ends with that event in its
 * result. Durable: each page is an activity (retried), the cursor lives in the workflow, and a
 * long log continues as new with the cursor and totals. Progress is a query.
 *
 * Run by the `event-log-verification` Schedule (created by the worker at start), each run from the
 * start of the log: an edit of an old row is found on the next run, not only new events.
 */
import { continueAsNew, defineQuery, proxyActivities, setHandler } from '@temporalio/workflow';
import type { BadEvent, EvidenceActivities, LogCursor } from './activity-types';

const { verifyLogPage, raiseIntegrityAlert } = proxyActivities<EvidenceActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { maximumAttempts: 10 },
});

export interface LogVerificationProgress {
  checked: number;
  signaturesVerified: number;
  lastPosition: number;
  firstBad: BadEvent | null;
  done: boolean;
}

export const logVerificationProgressQuery = defineQuery<LogVerificationProgress>('logVerificationProgress');

export interface LogVerificationInput {
  pageSize?: number;
  /** Carried across continueAsNew. */
  cursor?: LogCursor;
  carried?: { checked: number; signaturesVerified: number };
}

/** Pages per run before continuing as new, so one history stays small on a long log. */
const PAGES_PER_RUN = 100;

export async function eventLogVerificationWorkflow(input: LogVerificationInput = {}): Promise<LogVerificationProgress> {
  const progress: LogVerificationProgress = {
    checked: input.carried?.checked ?? 0,
    signaturesVerified: input.carried?.signaturesVerified ?? 0,
    lastPosition: input.cursor?.afterPosition ?? 0,
    firstBad: null,
    done: false,
  };
  setHandler(logVerificationProgressQuery, () => progress);
  let cursor: LogCursor | null = input.cursor ?? null;
  for (let page = 1; ; page++) {
    if (page > PAGES_PER_RUN && cursor) {
      return continueAsNew<typeof eventLogVerificationWorkflow>({
        ...input,
        cursor,
        carried: { checked: progress.checked, signaturesVerified: progress.signaturesVerified },
      });
    }
    const result = await verifyLogPage({ cursor, pageSize: input.pageSize ?? 1000 });
    progress.checked += result.checked;
    progress.signaturesVerified += result.signaturesVerified;
    progress.lastPosition = result.cursor.afterPosition;
    cursor = result.cursor;
    if (result.firstBad) {
      progress.firstBad = result.firstBad;
      await raiseIntegrityAlert(result.firstBad);
      progress.done = true;
      return progress;
    }
    if (result.checked === 0) {
      progress.done = true;
      return progress;
    }
  }
}

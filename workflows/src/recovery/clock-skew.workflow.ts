/**
 * Scans the event log page by page for device events with implausible timestamps and flags them
 * for review. Restartable from any position; a re-scan never flags an event twice.
 *
 * Run by hand, or by the `clock-skew-scan` Schedule (created by the worker at start). A scheduled
 * run gets no input: it resumes after the position the previous scheduled run reached (Temporal
 * hands a schedule's workflow the last completion result), so each run reads only new events.
 */
import { continueAsNew, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { ClockSkewActivities } from './clock-skew-activity-types';

const { flagImplausibleTimestamps } = proxyActivities<ClockSkewActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { maximumAttempts: 10 },
});

export interface ClockSkewScanInput {
  afterPosition?: number;
  pageSize?: number;
  futureToleranceMs?: number;
  /** Totals carried across continueAsNew. */
  carried?: { scanned: number; flagged: number };
}

/** Pages per run before continuing as new, so one history stays small on a long log. */
const PAGES_PER_RUN = 200;

export interface ClockSkewScanResult {
  scanned: number;
  flagged: number;
  lastPosition: number;
}

/** Where the previous scheduled run stopped (0 when there was none or it is not a scheduled run). */
function previousRunPosition(): number {
  const last = workflowInfo().lastResult as Partial<ClockSkewScanResult> | undefined;
  return typeof last?.lastPosition === 'number' ? last.lastPosition : 0;
}

export async function clockSkewScanWorkflow(input: ClockSkewScanInput = {}): Promise<ClockSkewScanResult> {
  let lastPosition = input.afterPosition ?? previousRunPosition();
  let scanned = input.carried?.scanned ?? 0;
  let flagged = input.carried?.flagged ?? 0;
  for (let page = 1; ; page++) {
    if (page > PAGES_PER_RUN) {
      return continueAsNew<typeof clockSkewScanWorkflow>({
        ...input,
        afterPosition: lastPosition,
        carried: { scanned, flagged },
      });
    }
    const result = await flagImplausibleTimestamps({
      afterPosition: lastPosition,
      limit: input.pageSize ?? 500,
      futureToleranceMs: input.futureToleranceMs,
    });
    scanned += result.scanned;
    flagged += result.flagged;
    if (result.scanned === 0) return { scanned, flagged, lastPosition };
    lastPosition = result.lastPosition;
  }
}

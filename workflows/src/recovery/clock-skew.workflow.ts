/**
 * Scans the event log page by page for device events with implausible timestamps and flags them
 * for review. Restartable from any position; a re-scan never flags an event twice.
 */
import { continueAsNew, proxyActivities } from '@temporalio/workflow';
import type { ClockSkewActivities } from './clock-skew-activity-types';

const { flagImplausibleTimestamps } = proxyActivities<ClockSkewActivities>({ startToCloseTimeout: '2 minutes', retry: { maximumAttempts: 10 } });

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

export async function clockSkewScanWorkflow(input: ClockSkewScanInput = {}): Promise<ClockSkewScanResult> {
  let lastPosition = input.afterPosition ?? 0;
  let scanned = input.carried?.scanned ?? 0;
  let flagged = input.carried?.flagged ?? 0;
  for (let page = 1; ; page++) {
    if (page > PAGES_PER_RUN) {
      return continueAsNew<typeof clockSkewScanWorkflow>({ ...input, afterPosition: lastPosition, carried: { scanned, flagged } });
    }
    const result = await flagImplausibleTimestamps({ afterPosition: lastPosition, limit: input.pageSize ?? 500, futureToleranceMs: input.futureToleranceMs });
    scanned += result.scanned;
    flagged += result.flagged;
    if (result.scanned === 0) return { scanned, flagged, lastPosition };
    lastPosition = result.lastPosition;
  }
}

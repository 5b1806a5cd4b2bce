/** Activity contract of the clock-skew scan (implemented in workers/src/activities/recovery/clock-skew.ts). */
export interface FlagPageResult {
  scanned: number;
  flagged: number;
  lastPosition: number;
}

export interface ClockSkewActivities {
  flagImplausibleTimestamps(input: {
    afterPosition: number;
    limit: number;
    futureToleranceMs?: number;
  }): Promise<FlagPageResult>;
}

/** Activity contract of the background log verification (workers/src/activities/evidence). */
export interface LogCursor {
  afterPosition: number;
  previousHash: string;
  deviceHeads: Record<string, { sequenceNumber: number; hash: string }>;
}

export interface BadEvent {
  position: number;
  eventId: string;
  deviceId: string | null;
  sequenceNumber: number | null;
  reason: string;
}

export interface VerifyPageResult {
  cursor: LogCursor;
  checked: number;
  signaturesVerified: number;
  firstBad: BadEvent | null;
}

export interface EvidenceActivities {
  /** One page of the log after `cursor` (null: from the start). */
  verifyLogPage(input: { cursor: LogCursor | null; pageSize: number }): Promise<VerifyPageResult>;
  /** Raises the open integrity alert naming the bad event (once); true when newly raised. */
  raiseIntegrityAlert(bad: BadEvent): Promise<boolean>;
}

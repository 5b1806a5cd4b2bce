/** The activity contract of the conflict workflow (implemented in workers/src/activities/conflict). */
import type {
  ConflictDetails,
  ConflictId,
  ConflictNotice,
  DeviceId,
  InventoryEvent,
  LocationId,
  PersonId,
  ProductId,
  Timestamp,
} from '@pco/domain';
import type { Duration } from '@temporalio/common';
import type { Actor, ConflictDecision } from '@pco/domain';

export type ConflictSeverity = 'info' | 'warning' | 'critical';

/** What the workflow pushes to the device: the protocol's two conflict messages. */
export type DeviceConflictMessage =
  | { type: 'conflict:notice'; payload: ConflictNotice }
  | { type: 'conflict:resolved'; payload: { conflictId: ConflictId; resolution: string } };

export type ConflictEmailReason = 'unacknowledged' | 'critical' | 'escalated';

export interface ConflictEmailRequest {
  conflictId: ConflictId;
  audience: 'technician' | 'managers';
  reason: ConflictEmailReason;
  technicianId: PersonId;
  locationId: LocationId | null;
  productId: ProductId;
  details: ConflictDetails;
}

export interface ApplyResolutionRequest {
  conflictId: ConflictId;
  decision: ConflictDecision;
  decidedBy: Actor;
  /** The second manager of an accept_local. */
  approvedBy?: Actor;
}

/** The resolution record written on the conflict row (and returned to the deciding caller). */
export interface ResolutionRecord {
  option: ConflictDecision['option'];
  decidedBy: Actor;
  approvedBy?: Actor;
  resolvedAt: Timestamp;
  /** Event ids appended to the log by this resolution, in append order. */
  appendedEventIds: string[];
  /** Quantity applied from the conflicted event (0 for accept_server and investigate). */
  appliedQuantity: number;
  disputeId?: string;
  backorderRequestId?: string;
}

export type ApplyResolutionOutcome =
  | { status: 'resolved'; resolution: ResolutionRecord }
  /** retry/modify/merge found too little stock now: nothing was written, the conflict stays open. */
  | { status: 'still_conflicted'; available: number; message: string };

export interface ConflictActivities {
  /** In-app banner over the device's socket when connected, else queued for its next connection. */
  notifyDevice(input: { deviceId: DeviceId; message: DeviceConflictMessage }): Promise<{ delivered: boolean }>;
  /** Emails the technician or the managers (link to the console's conflict page); returns recipients. */
  sendConflictEmail(input: ConflictEmailRequest): Promise<{ recipients: string[] }>;
  /** Raises the stored conflict's severity (managers' lists sort by it); never lowers it. */
  setConflictSeverity(input: { conflictId: ConflictId; severity: ConflictSeverity }): Promise<void>;
  /** One transaction: events appended, conflict resolved, device hold released. Idempotent. */
  applyResolution(input: ApplyResolutionRequest): Promise<ApplyResolutionOutcome>;
}

export interface ConflictWorkflowInput {
  conflictId: ConflictId;
  /** Null for a conflict no device raised (nothing to notify). */
  deviceId: DeviceId | null;
  technicianId: PersonId;
  locationId: LocationId | null;
  productId: ProductId;
  details: ConflictDetails;
  event: InventoryEvent;
  /** Without acknowledgement this long: email the technician, severity → warning. Default 24h. */
  acknowledgeTimeout?: Duration;
  /** Unresolved this long (from the start): severity → critical, email the managers. Default 7d. */
  criticalTimeout?: Duration;
}

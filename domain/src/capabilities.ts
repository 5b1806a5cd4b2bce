/** Spec "Offline Capabilities Matrix" as data, and the check of one action or event type against it. */
import { type EventType, type Result, err, ok } from './types';

export type Action =
  | 'issue-product'
  | 'return-product'
  | 'transfer-own-locations'
  | 'physical-count'
  | 'view-inventory'
  | 'create-request'
  | 'approve-request'
  | 'deny-request'
  | 'cancel-request'
  | 'receive-from-supplier'
  | 'adjust-inventory'
  | 'resolve-conflict'
  | 'open-dispute'
  | 'create-product'
  | 'modify-product'
  | 'modify-locations'
  | 'user-management'
  | 'generate-reports';

export interface Capability {
  action: Action;
  offlineCapable: true | false | 'partial';
  note: string;
}

/** Rows marked "(added)" are not in the spec's table; each says why it is decided so. */
export const OFFLINE_CAPABILITIES: readonly Capability[] = [
  { action: 'issue-product', offlineCapable: true, note: 'Subject to local inventory view' },
  { action: 'return-product', offlineCapable: true, note: '' },
  { action: 'transfer-own-locations', offlineCapable: true, note: 'Between locations assigned to the technician' },
  { action: 'physical-count', offlineCapable: true, note: '' },
  { action: 'view-inventory', offlineCapable: true, note: 'May be stale' },
  { action: 'create-request', offlineCapable: true, note: 'Will sync when online' },
  { action: 'approve-request', offlineCapable: true, note: 'Provisional until sync' },
  { action: 'deny-request', offlineCapable: true, note: '' },
  {
    action: 'cancel-request',
    offlineCapable: true,
    note: '(added) the spec races an offline cancellation against an approval',
  },
  { action: 'receive-from-supplier', offlineCapable: false, note: 'Requires verification' },
  {
    action: 'adjust-inventory',
    offlineCapable: false,
    note: '(added) overrides stock; made online by a manager or by conflict resolution',
  },
  { action: 'resolve-conflict', offlineCapable: false, note: '(added) resolution is decided against server state' },
  {
    action: 'open-dispute',
    offlineCapable: false,
    note: '(added) disputes are opened by the server (revocation, escalation)',
  },
  { action: 'create-product', offlineCapable: false, note: 'Central function' },
  { action: 'modify-product', offlineCapable: false, note: 'Central function' },
  { action: 'modify-locations', offlineCapable: false, note: 'Central function' },
  { action: 'user-management', offlineCapable: false, note: 'Central function' },
  { action: 'generate-reports', offlineCapable: 'partial', note: 'Cached data only' },
];

export const ACTION_OF_EVENT: Record<EventType, Action> = {
  ProductIssued: 'issue-product',
  ProductReturned: 'return-product',
  ProductTransferred: 'transfer-own-locations',
  InventoryCounted: 'physical-count',
  ProductReceived: 'receive-from-supplier',
  InventoryAdjusted: 'adjust-inventory',
  RequestCreated: 'create-request',
  RequestApproved: 'approve-request',
  RequestDenied: 'deny-request',
  RequestCancelled: 'cancel-request',
  ConflictCompensated: 'resolve-conflict',
  ConflictResolutionApplied: 'resolve-conflict',
  DisputeOpened: 'open-dispute',
};

const isEventType = (value: string): value is EventType => Object.prototype.hasOwnProperty.call(ACTION_OF_EVENT, value);

export function capabilityOf(actionOrEventType: Action | EventType): Capability {
  const action = isEventType(actionOrEventType) ? ACTION_OF_EVENT[actionOrEventType] : actionOrEventType;
  const found = OFFLINE_CAPABILITIES.find((row) => row.action === action);
  if (!found) throw new Error(`no capability row for ${action}`);
  return found;
}

/**
 * Ok when the action may be done in this connectivity. 'partial' is allowed offline (the caller
 * shows cached data). An event carrying offlineContext came through a device queue: the server
 * cannot prove it was made online, so it is treated as offline (see isOfflineEvent).
 */
export function checkOfflineCapability(actionOrEventType: Action | EventType, isOffline: boolean): Result<void> {
  const capability = capabilityOf(actionOrEventType);
  if (!isOffline || capability.offlineCapable !== false) return ok(undefined);
  const why = capability.note ? ` (${capability.note.replace(/^\(added\) /, '')})` : '';
  return err('NOT_ALLOWED_OFFLINE', `${capability.action} is not allowed offline${why}; do it online from the console`);
}

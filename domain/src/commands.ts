/** Commands: what a person asks for, in the imperative. decide() turns one into an event or an error. */
import type { ConflictId, LocationId, PersonId, ProductId, Quantity, RequestId } from './types';

interface Acting {
  performedBy: PersonId;
}
interface Moving extends Acting {
  product: ProductId;
  quantity: Quantity;
}

export type IssueProduct = Moving & {
  type: 'IssueProduct';
  fromLocation: LocationId;
  toLocation?: LocationId | null;
  jobReference?: string;
};
export type ReturnProduct = Moving & {
  type: 'ReturnProduct';
  toLocation: LocationId;
  fromLocation?: LocationId | null;
  reason?: string;
};
export type TransferProduct = Moving & {
  type: 'TransferProduct';
  fromLocation: LocationId;
  toLocation: LocationId;
  requestId?: RequestId;
};
/** quantity = the amount counted; it becomes the on-hand. */
export type CountInventory = Moving & { type: 'CountInventory'; location: LocationId; note?: string };
export type ReceiveFromSupplier = Moving & {
  type: 'ReceiveFromSupplier';
  toLocation: LocationId;
  supplier: string;
  reference?: string;
};
export type AdjustInventory = Moving & {
  type: 'AdjustInventory';
  location: LocationId;
  direction: 'increase' | 'decrease';
  reason: string;
  conflictId?: ConflictId;
};
export type CreateRequest = Moving & {
  type: 'CreateRequest';
  requestId: RequestId;
  toLocation: LocationId;
  fromLocation?: LocationId | null;
  note?: string;
};
export type ApproveRequest = Acting & { type: 'ApproveRequest'; requestId: RequestId };
export type DenyRequest = Acting & { type: 'DenyRequest'; requestId: RequestId; reason?: string };
export type CancelRequest = Acting & { type: 'CancelRequest'; requestId: RequestId; reason?: string };

export type Command =
  | IssueProduct
  | ReturnProduct
  | TransferProduct
  | CountInventory
  | ReceiveFromSupplier
  | AdjustInventory
  | CreateRequest
  | ApproveRequest
  | DenyRequest
  | CancelRequest;

export type CommandType = Command['type'];

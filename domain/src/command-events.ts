/** The event each command would record, before any rule is checked. */
import type { Command } from './commands';
import type { DecideContext } from './decide';
import type { RequestView } from './requests';
import type { InventoryEvent, OfflineContext, RequestId } from './types';

/** Request commands that act on an existing request. */
export function requestIdOfCommand(command: Command): RequestId | undefined {
  switch (command.type) {
    case 'ApproveRequest':
    case 'DenyRequest':
    case 'CancelRequest':
      return command.requestId;
    default:
      return undefined;
  }
}

const withoutUndefined = <T extends Record<string, unknown>>(data: T): T =>
  Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined)) as T;

function body(
  command: Command,
  request: RequestView | undefined,
): Pick<InventoryEvent, 'eventType' | 'product' | 'quantity' | 'fromLocation' | 'toLocation' | 'data'> {
  switch (command.type) {
    case 'IssueProduct':
      return {
        eventType: 'ProductIssued',
        product: command.product,
        quantity: command.quantity,
        fromLocation: command.fromLocation,
        toLocation: command.toLocation ?? null,
        data: withoutUndefined({ jobReference: command.jobReference }),
      };
    case 'ReturnProduct':
      return {
        eventType: 'ProductReturned',
        product: command.product,
        quantity: command.quantity,
        fromLocation: command.fromLocation ?? null,
        toLocation: command.toLocation,
        data: withoutUndefined({ reason: command.reason }),
      };
    case 'TransferProduct':
      return {
        eventType: 'ProductTransferred',
        product: command.product,
        quantity: command.quantity,
        fromLocation: command.fromLocation,
        toLocation: command.toLocation,
        data: withoutUndefined({ requestId: command.requestId }),
      };
    case 'CountInventory':
      return {
        eventType: 'InventoryCounted',
        product: command.product,
        quantity: command.quantity,
        fromLocation: null,
        toLocation: command.location,
        data: withoutUndefined({ note: command.note }),
      };
    case 'ReceiveFromSupplier':
      return {
        eventType: 'ProductReceived',
        product: command.product,
        quantity: command.quantity,
        fromLocation: null,
        toLocation: command.toLocation,
        data: withoutUndefined({ supplier: command.supplier, reference: command.reference }),
      };
    case 'AdjustInventory': {
      const decrease = command.direction === 'decrease';
      return {
        eventType: 'InventoryAdjusted',
        product: command.product,
        quantity: command.quantity,
        fromLocation: decrease ? command.location : null,
        toLocation: decrease ? null : command.location,
        data: withoutUndefined({ reason: command.reason, conflictId: command.conflictId }),
      };
    }
    case 'CreateRequest':
      return {
        eventType: 'RequestCreated',
        product: command.product,
        quantity: command.quantity,
        fromLocation: command.fromLocation ?? null,
        toLocation: command.toLocation,
        data: withoutUndefined({ requestId: command.requestId, note: command.note }),
      };
    case 'ApproveRequest':
    case 'DenyRequest':
    case 'CancelRequest': {
      const view = request as RequestView;
      const eventType = (
        { ApproveRequest: 'RequestApproved', DenyRequest: 'RequestDenied', CancelRequest: 'RequestCancelled' } as const
      )[command.type];
      const reason = command.type === 'ApproveRequest' ? undefined : command.reason;
      return {
        eventType,
        product: view.product,
        quantity: view.quantity,
        fromLocation: view.fromLocation,
        toLocation: view.toLocation,
        data: withoutUndefined({ requestId: command.requestId, reason }),
      };
    }
    default: {
      const unhandled: never = command;
      throw new Error(`unhandled command ${(unhandled as Command).type}`);
    }
  }
}

export function buildEvent(command: Command, request: RequestView | undefined, ctx: DecideContext): InventoryEvent {
  const event = {
    eventId: ctx.eventId,
    ...body(command, request),
    performedBy: command.performedBy,
    occurredAt: ctx.offline?.claimedOccurredAt ?? ctx.now,
  } as InventoryEvent;
  if (ctx.offline) event.offlineContext = { ...ctx.offline, syncStatus: 'pending' } satisfies OfflineContext;
  return event;
}

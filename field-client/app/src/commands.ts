/** From a form draft to the engine's command, and the sentence the technician confirms. */
import type { AttachmentRef, Location, Product } from '@pco/domain';
import type { CommandInput } from '@pco/field-client';
import { nameOf } from './format';

export interface ActionDraft {
  kind: 'issue' | 'return' | 'transfer' | 'count' | 'request';
  product: string;
  from: string;
  to: string;
  quantity: string;
  /** datetime-local value: when it happened, as the technician says. */
  when: string;
  job: string;
  site: string;
  reason: string;
  note: string;
}

export function buildCommand(
  d: ActionDraft,
  product: Product,
  attachments?: AttachmentRef[],
  newId: () => string = () => crypto.randomUUID(),
): CommandInput {
  const quantity = { value: Number(d.quantity), unit: product.unit };
  const claimedOccurredAt = new Date(d.when).toISOString();
  const base = { product: product.id, quantity };
  switch (d.kind) {
    case 'issue':
      return {
        ...base,
        type: 'IssueProduct',
        fromLocation: d.from,
        toLocation: d.site || null,
        ...(d.job.trim() ? { jobReference: d.job.trim() } : {}),
        claimedOccurredAt,
      };
    case 'return':
      return {
        ...base,
        type: 'ReturnProduct',
        toLocation: d.to,
        reason: d.reason,
        ...(attachments ? { attachments } : {}),
        claimedOccurredAt,
      };
    case 'transfer':
      return { ...base, type: 'TransferProduct', fromLocation: d.from, toLocation: d.to, claimedOccurredAt };
    case 'count':
      return {
        ...base,
        type: 'CountInventory',
        location: d.from,
        ...(d.note ? { note: d.note } : {}),
        ...(attachments ? { attachments } : {}),
        claimedOccurredAt,
      };
    case 'request':
      return {
        ...base,
        type: 'CreateRequest',
        requestId: newId(),
        toLocation: d.to,
        ...(d.note ? { note: d.note } : {}),
      };
    default: {
      const never: never = d.kind;
      throw new Error(`unknown action ${String(never)}`);
    }
  }
}

export function describe(d: ActionDraft, product: Product, locations: readonly Location[]): string {
  const amount = `${d.quantity} ${product.unit.replace('_', ' ')} of ${product.name}`;
  switch (d.kind) {
    case 'issue':
      return `issue ${amount} from ${nameOf(locations, d.from)}${d.job.trim() ? ` to job ${d.job.trim()}` : ''}${d.site ? ` at ${nameOf(locations, d.site)}` : ''}`;
    case 'return':
      return `return ${amount} (${d.reason}) to ${nameOf(locations, d.to)}`;
    case 'transfer':
      return `transfer ${amount} from ${nameOf(locations, d.from)} to ${nameOf(locations, d.to)}`;
    case 'count':
      return `count of ${amount} at ${nameOf(locations, d.from)} (becomes its on-hand)`;
    case 'request':
      return `request for ${amount} delivered to ${nameOf(locations, d.to)}`;
    default:
      return d.kind;
  }
}

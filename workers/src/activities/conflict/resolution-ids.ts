/**
 * Ids of what a resolution writes, derived from the conflict id and a purpose (a name-based UUID,
 * v5 layout over SHA-256), so a retried or re-run resolution names the same rows and events. Here
 * and not in the domain: hashing is Node crypto, and the domain's planner takes its ids as input.
 */
import { createHash } from 'node:crypto';
import { RESOLUTION_ID_PURPOSES, type ResolutionIds } from '@pco/domain';

export function derivedUuid(...parts: string[]): string {
  const h = createHash('sha256')
    .update(`pco-conflict:${parts.join(':')}`)
    .digest('hex')
    .slice(0, 32)
    .split('');
  h[12] = '5';
  h[16] = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

export function resolutionIds(conflictId: string): ResolutionIds {
  const ids = {} as ResolutionIds;
  for (const [key, purpose] of Object.entries(RESOLUTION_ID_PURPOSES) as Array<[keyof ResolutionIds, string]>) {
    ids[key] = derivedUuid(conflictId, purpose);
  }
  return ids;
}

/**
 * Hashes of the event log.
 * - content hash: sha256 hex of the domain's canonicalEventContent(event), the identity of an
 *   event's content (used for replay comparison and as the chain input).
 * - chain hash:  sha256 hex of `${prevHash}|${contentHash}|${position}`; genesis prevHash = 64 zeros.
 *   Binding the position means a row cannot be moved without breaking the chain.
 */
import { hash } from 'node:crypto';
import { canonicalEventContent, canonicalJson, type InventoryEvent } from '@pco/domain';

/** One-shot crypto.hash (UTF-8 input): no Hash object per call; two calls per synced event. */
export const sha256Hex = (text: string): string => hash('sha256', text, 'hex');

export const contentHashOf = (event: InventoryEvent): string => sha256Hex(canonicalEventContent(event));

export const chainHash = (prevHash: string, contentHash: string, position: number): string =>
  sha256Hex(`${prevHash}|${contentHash}|${position}`);

/** Content hash of an untrusted submitted value (replay comparison happens before validation). */
export const contentHashOfRaw = (raw: unknown): string =>
  sha256Hex(
    typeof raw === 'object' && raw !== null && !Array.isArray(raw)
      ? canonicalEventContent(raw as InventoryEvent)
      : canonicalJson(raw),
  );

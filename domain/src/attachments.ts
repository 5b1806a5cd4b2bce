/**
 * Photos attached to a count, an adjustment or a damaged-product return. The event carries only
 * a reference (SHA-256, type, size); the bytes travel apart (POST /api/attachments/:sha256). The
 * hashes are part of the signed payload, so a photo cannot be swapped after the fact.
 */
import type { EventType } from './types';

export const ATTACHMENT_LIMITS = {
  /** Spec STORAGE_LIMITS.maxAttachmentSize: larger photos are compressed on the device first. */
  maxBytes: 5 * 1024 * 1024,
  maxPerEvent: 3,
  contentTypes: ['image/jpeg', 'image/png', 'image/webp'] as readonly string[],
} as const;

export interface AttachmentRef {
  /** Lowercase hex SHA-256 of the bytes. */
  sha256: string;
  contentType: string;
  size: number;
}

/** Event types a photo may be attached to. */
export const ATTACHABLE_EVENT_TYPES: readonly EventType[] = [
  'InventoryCounted',
  'InventoryAdjusted',
  'ProductReturned',
];

export const SHA256_HEX = /^[0-9a-f]{64}$/;

export function checkAttachments(value: unknown, path: string): string | null {
  if (value === undefined) return null;
  if (!Array.isArray(value) || value.length === 0 || value.length > ATTACHMENT_LIMITS.maxPerEvent) {
    return `${path} must be a list of 1 to ${ATTACHMENT_LIMITS.maxPerEvent} attachments`;
  }
  for (const [i, a] of value.entries()) {
    const ref = a as Partial<AttachmentRef> | null;
    if (!ref || typeof ref !== 'object' || Object.keys(ref).some((k) => !['sha256', 'contentType', 'size'].includes(k)))
      return `${path}[${i}] must be { sha256, contentType, size }`;
    if (typeof ref.sha256 !== 'string' || !SHA256_HEX.test(ref.sha256))
      return `${path}[${i}].sha256 must be 64 lowercase hex characters`;
    if (typeof ref.contentType !== 'string' || !ATTACHMENT_LIMITS.contentTypes.includes(ref.contentType))
      return `${path}[${i}].contentType must be one of ${ATTACHMENT_LIMITS.contentTypes.join(', ')}`;
    if (!Number.isInteger(ref.size) || (ref.size as number) < 1 || (ref.size as number) > ATTACHMENT_LIMITS.maxBytes)
      return `${path}[${i}].size must be 1 to ${ATTACHMENT_LIMITS.maxBytes} bytes`;
  }
  return null;
}

/** The signed suffix: '' without attachments (older signatures stay valid), else `|att:<sha256>,<sha256>`. */
export function attachmentSigningSuffix(data: unknown): string {
  const refs = (data as { attachments?: AttachmentRef[] } | null)?.attachments;
  return Array.isArray(refs) && refs.length > 0 ? `|att:${refs.map((r) => r.sha256).join(',')}` : '';
}

/**
 * Photo bytes of device events, stored by SHA-256 (the hash the event's signature covers).
 * Saving is idempotent: the same bytes again (a retried upload) change nothing.
 */
import { query, type Em } from '../sql';

export interface StoredAttachment {
  sha256: string;
  contentType: string;
  size: number;
  deviceId: string;
  uploadedAt: string;
}

export async function saveEventAttachment(
  em: Em, input: { sha256: string; contentType: string; bytes: Uint8Array; deviceId: string; now: Date },
): Promise<{ stored: boolean }> {
  const rows = await query<{ sha256: string }>(em,
    `insert into event_attachments (sha256, content_type, size, bytes, device_id, uploaded_at) values ($1, $2, $3, $4, $5, $6)
     on conflict (sha256) do nothing returning sha256`,
    [input.sha256, input.contentType, input.bytes.length, Buffer.from(input.bytes), input.deviceId, input.now.toISOString()]);
  return { stored: rows.length === 1 };
}

export async function getEventAttachment(em: Em, sha256: string): Promise<(StoredAttachment & { bytes: Buffer }) | null> {
  const rows = await query<{ sha256: string; content_type: string; size: number; bytes: Buffer; device_id: string; uploaded_at: Date }>(em,
    'select sha256, content_type, size, bytes, device_id, uploaded_at from event_attachments where sha256 = $1', [sha256]);
  const r = rows[0];
  return r ? { sha256: r.sha256, contentType: r.content_type, size: r.size, bytes: r.bytes, deviceId: r.device_id, uploadedAt: new Date(r.uploaded_at).toISOString() } : null;
}

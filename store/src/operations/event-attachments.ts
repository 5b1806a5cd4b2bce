/**
 * Photo bytes of device events, stored by SHA-256 (the hash the event's signature covers).
 * Saving is idempotent: the same bytes again (a retried upload) change nothing. Both go through
 * the EntityManager (EventAttachmentEntity); no SQL here.
 */
import type { Em } from '../sql';
import { EventAttachmentEntity } from '../entities';

export interface StoredAttachment {
  sha256: string;
  contentType: string;
  size: number;
  deviceId: string;
  uploadedAt: string;
}

/** Inserts the photo unless its hash is stored already; `stored` says whether this call wrote it. */
export async function saveEventAttachment(
  em: Em,
  input: { sha256: string; contentType: string; bytes: Uint8Array; deviceId: string; now: Date },
): Promise<{ stored: boolean }> {
  const result = await em
    .createQueryBuilder(EventAttachmentEntity)
    .insert({
      sha256: input.sha256,
      contentType: input.contentType,
      size: input.bytes.length,
      bytes: Buffer.from(input.bytes),
      deviceId: input.deviceId,
      uploadedAt: input.now,
    })
    .onConflict('sha256')
    .ignore()
    .execute('run');
  return { stored: result.affectedRows === 1 };
}

export async function getEventAttachment(
  em: Em,
  sha256: string,
): Promise<(StoredAttachment & { bytes: Buffer }) | null> {
  const row = await em.findOne(EventAttachmentEntity, { sha256 }, { disableIdentityMap: true });
  if (!row) return null;
  return {
    sha256: row.sha256,
    contentType: row.contentType,
    size: row.size,
    bytes: Buffer.from(row.bytes),
    deviceId: row.deviceId,
    uploadedAt: row.uploadedAt.toISOString(),
  };
}

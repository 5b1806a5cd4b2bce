/**
 * Photos kept on the device with the event that references them. The event carries only
 * { sha256, contentType, size } (signed); the bytes wait here until uploaded to the gateway
 * (POST /api/attachments/:sha256), then stay for the device's own screens until storage limits
 * trim them with the synced event. Compressing a photo over the limit is the UI's job (it needs
 * a canvas); the engine refuses anything still over it.
 */
import { ATTACHMENT_LIMITS, DEVICE_AUTH_HEADER, type AttachmentRef, type DeviceAuth } from '@pco/domain';
import { HTTP_PATHS, SYNC_CONFIG } from '../config';
import { FieldClientError, errorCodeOf, messageOf } from '../errors';
import { STORAGE_KEYS, type KeyValueStorage } from '../storage/key-value-storage';
import { fetchWithTimeout } from '../sync/http';
import { sha256HexOfBytes } from '../view/snapshot-hash';

export interface KeptAttachment {
  ref: AttachmentRef;
  bytes: Uint8Array;
  keptAt: string;
  uploadedAt: string | null;
}

const keyOf = (sha256: string): string => `${STORAGE_KEYS.attachmentPrefix}${sha256}`;

export async function keepAttachment(
  storage: KeyValueStorage,
  input: { bytes: Uint8Array; contentType: string },
  now: Date,
): Promise<AttachmentRef> {
  if (!ATTACHMENT_LIMITS.contentTypes.includes(input.contentType)) {
    throw new FieldClientError(
      'VALIDATION_ERROR',
      `a photo must be one of ${ATTACHMENT_LIMITS.contentTypes.join(', ')}`,
    );
  }
  if (input.bytes.length === 0) throw new FieldClientError('VALIDATION_ERROR', 'the photo is empty');
  if (input.bytes.length > ATTACHMENT_LIMITS.maxBytes) {
    throw new FieldClientError(
      'PAYLOAD_TOO_LARGE',
      `the photo is ${input.bytes.length} bytes; compress it to at most ${ATTACHMENT_LIMITS.maxBytes}`,
    );
  }
  const ref: AttachmentRef = {
    sha256: await sha256HexOfBytes(input.bytes),
    contentType: input.contentType,
    size: input.bytes.length,
  };
  const existing = await storage.getItem<KeptAttachment>(keyOf(ref.sha256));
  if (!existing)
    await storage.setItem<KeptAttachment>(keyOf(ref.sha256), {
      ref,
      bytes: input.bytes,
      keptAt: now.toISOString(),
      uploadedAt: null,
    });
  return ref;
}

export const loadAttachment = (storage: KeyValueStorage, sha256: string): Promise<KeptAttachment | null> =>
  storage.getItem<KeptAttachment>(keyOf(sha256));

export const removeAttachment = (storage: KeyValueStorage, sha256: string): Promise<void> =>
  storage.removeItem(keyOf(sha256));

export async function listAttachments(storage: KeyValueStorage): Promise<KeptAttachment[]> {
  const keys = (await storage.keys()).filter((k) => k.startsWith(STORAGE_KEYS.attachmentPrefix));
  const all = await Promise.all(keys.map((k) => storage.getItem<KeptAttachment>(k)));
  return all.filter((a): a is KeptAttachment => a !== null);
}

export interface AttachmentUploadReport {
  uploaded: string[];
  /** sha256 → "CODE: message"; they stay pending for the next sync. */
  failed: Record<string, string>;
}

/** Uploads every photo not yet uploaded; one failure does not stop the others. */
export async function uploadPendingAttachments(
  storage: KeyValueStorage,
  opts: { baseUrl: string; auth: () => Promise<DeviceAuth>; fetchImpl?: typeof fetch; now: () => Date },
): Promise<AttachmentUploadReport> {
  const report: AttachmentUploadReport = { uploaded: [], failed: {} };
  for (const kept of (await listAttachments(storage)).filter((a) => a.uploadedAt === null)) {
    try {
      const url = `${opts.baseUrl}${HTTP_PATHS.attachment(kept.ref.sha256)}`;
      const headers = { 'content-type': kept.ref.contentType, [DEVICE_AUTH_HEADER]: JSON.stringify(await opts.auth()) };
      const response = await fetchWithTimeout(
        url,
        { method: 'POST', headers, body: kept.bytes as Uint8Array<ArrayBuffer> },
        SYNC_CONFIG.attachmentTimeoutMs,
        opts.fetchImpl,
      );
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
        throw new FieldClientError(
          body?.error?.code ?? String(response.status),
          body?.error?.message ?? `${url} answered ${response.status}`,
        );
      }
      await storage.setItem<KeptAttachment>(keyOf(kept.ref.sha256), { ...kept, uploadedAt: opts.now().toISOString() });
      report.uploaded.push(kept.ref.sha256);
    } catch (error) {
      report.failed[kept.ref.sha256] = `${errorCodeOf(error) ?? 'NETWORK_ERROR'}: ${messageOf(error)}`;
    }
  }
  return report;
}

import { createHash } from 'node:crypto';
import {
  keepAttachment,
  listAttachments,
  loadAttachment,
  uploadPendingAttachments,
} from '../src/attachments/attachment-store';
import { LocalEventQueue } from '../src/queue/local-event-queue';
import { enforceStorageLimits } from '../src/storage/storage-limits';
import { freshStorage } from './helpers';

const NOW = new Date('2026-11-29T08:00:00.000Z');
const auth = async () => ({ deviceId: 'device-1', timestamp: NOW.toISOString(), nonce: 'n', signature: 's' });

describe('photos kept with events', () => {
  it('Given a photo under 5 MB, When kept, Then its ref carries the SHA-256 of the bytes and the bytes stay on the device, once', async () => {
    const storage = freshStorage('photo');
    const bytes = new Uint8Array([1, 2, 3, 4]);
    const ref = await keepAttachment(storage, { bytes, contentType: 'image/jpeg' }, NOW);
    expect(ref).toEqual({
      sha256: createHash('sha256').update(bytes).digest('hex'),
      contentType: 'image/jpeg',
      size: 4,
    });
    await keepAttachment(storage, { bytes, contentType: 'image/jpeg' }, NOW);
    expect((await listAttachments(storage)).map((a) => a.ref.sha256)).toEqual([ref.sha256]);
    expect(Array.from((await loadAttachment(storage, ref.sha256))!.bytes)).toEqual([1, 2, 3, 4]);
  });

  it.each([
    ['over 5 MB', new Uint8Array(5 * 1024 * 1024 + 1), 'image/jpeg', 'PAYLOAD_TOO_LARGE'],
    ['empty', new Uint8Array(0), 'image/jpeg', 'VALIDATION_ERROR'],
    ['not an image', new Uint8Array([1]), 'application/pdf', 'VALIDATION_ERROR'],
  ])('refuses a photo %s and keeps nothing', async (_case, bytes, contentType, code) => {
    const storage = freshStorage('photo');
    await expect(keepAttachment(storage, { bytes, contentType }, NOW)).rejects.toMatchObject({ code });
    expect(await listAttachments(storage)).toEqual([]);
  });

  it('Given an unreachable gateway, When uploading, Then the photo stays pending with the reason', async () => {
    const storage = freshStorage('photo');
    const ref = await keepAttachment(storage, { bytes: new Uint8Array([9]), contentType: 'image/png' }, NOW);
    const report = await uploadPendingAttachments(storage, { baseUrl: 'http://127.0.0.1:1', auth, now: () => NOW });
    expect(report.uploaded).toEqual([]);
    expect(report.failed[ref.sha256]).toMatch(/^NETWORK_ERROR: /);
    expect((await loadAttachment(storage, ref.sha256))!.uploadedAt).toBeNull();
  });

  it('storage limits remove photos uploaded over 30 days ago and never touch one not yet uploaded', async () => {
    const storage = freshStorage('photo');
    const old = await keepAttachment(storage, { bytes: new Uint8Array([1]), contentType: 'image/png' }, NOW);
    const waiting = await keepAttachment(storage, { bytes: new Uint8Array([2]), contentType: 'image/png' }, NOW);
    const kept = (await loadAttachment(storage, old.sha256))!;
    await storage.setItem(`attachment:${old.sha256}`, { ...kept, uploadedAt: NOW.toISOString() });
    const report = await enforceStorageLimits(
      storage,
      new LocalEventQueue(storage),
      new Date(NOW.getTime() + 31 * 24 * 3600 * 1000),
    );
    expect(report.removedAttachments).toEqual([old.sha256]);
    expect((await listAttachments(storage)).map((a) => a.ref.sha256)).toEqual([waiting.sha256]);
  });
});

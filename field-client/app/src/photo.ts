/**
 * A photo from the camera or the files, made ready for the engine: kept as it is when it is an
 * allowed image type within the 5 MB limit, else re-encoded as JPEG (smaller quality, then
 * smaller size) until it fits. The engine hashes and keeps the bytes.
 */
import { ATTACHMENT_LIMITS } from '@pco/domain';

export interface ReadyPhoto {
  bytes: Uint8Array;
  contentType: string;
  originalSize: number;
  compressed: boolean;
  name: string;
}

async function toJpeg(file: Blob, scale: number, quality: number): Promise<Blob> {
  const bitmap = await createImageBitmap(file);
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the photo could not be encoded'))), 'image/jpeg', quality),
  );
}

export async function preparePhoto(file: File): Promise<ReadyPhoto> {
  const fits = file.size <= ATTACHMENT_LIMITS.maxBytes && ATTACHMENT_LIMITS.contentTypes.includes(file.type);
  if (fits)
    return {
      bytes: new Uint8Array(await file.arrayBuffer()),
      contentType: file.type,
      originalSize: file.size,
      compressed: false,
      name: file.name,
    };
  const steps: Array<[number, number]> = [
    [1, 0.85],
    [1, 0.7],
    [0.75, 0.7],
    [0.5, 0.7],
    [0.35, 0.6],
    [0.25, 0.5],
  ];
  for (const [scale, quality] of steps) {
    const blob = await toJpeg(file, scale, quality);
    if (blob.size <= ATTACHMENT_LIMITS.maxBytes) {
      return {
        bytes: new Uint8Array(await blob.arrayBuffer()),
        contentType: 'image/jpeg',
        originalSize: file.size,
        compressed: true,
        name: file.name,
      };
    }
  }
  throw new Error(`the photo stays over ${ATTACHMENT_LIMITS.maxBytes / 1024 / 1024} MB even compressed`);
}

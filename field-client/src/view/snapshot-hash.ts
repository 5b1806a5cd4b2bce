import { type OnHand, canonicalJson } from '@pco/domain';
import { bytesToHex } from '../security/hex';

/** SHA-256 (WebCrypto: browsers and Node 20) of a canonical JSON text, lowercase hex. */
export const sha256Hex = (text: string): Promise<string> => sha256HexOfBytes(new TextEncoder().encode(text));

/** SHA-256 of raw bytes (e.g. a photo), lowercase hex. */
export async function sha256HexOfBytes(bytes: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return bytesToHex(new Uint8Array(digest));
}

/** OfflineContext.localInventorySnapshotHash: hash of the believed on-hand, keys sorted. */
export const localInventorySnapshotHash = (believed: OnHand): Promise<string> =>
  sha256Hex(
    canonicalJson(Object.fromEntries([...believed.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))),
  );

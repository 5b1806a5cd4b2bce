import { type OnHand, canonicalJson } from '@pco/domain';
import { bytesToHex } from '../security/hex';

/** SHA-256 (WebCrypto: browsers and Node 20) of a canonical JSON text, lowercase hex. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return bytesToHex(new Uint8Array(digest));
}

/** OfflineContext.localInventorySnapshotHash: hash of the believed on-hand, keys sorted. */
export const localInventorySnapshotHash = (believed: OnHand): Promise<string> =>
  sha256Hex(
    canonicalJson(Object.fromEntries([...believed.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))),
  );

/**
 * Ed25519 verification of whole batches. The gateway computes each canonical payload itself and
 * passes the device's REGISTERED key, so a verifier only answers "does this signature match".
 */
import { verify } from 'node:crypto';
import { KeyObjectCache } from './keys';

export interface SignatureCheck {
  /** Base64 raw 32-byte Ed25519 public key. */
  publicKey: string;
  /** The canonical signing payload (signed as its UTF-8 bytes). */
  payload: string;
  /** Base64 signature. */
  signature: string;
}

export interface SignatureVerifier {
  /** One boolean per check, same order. Never rejects for a bad signature: that is `false`. */
  verifyAll(checks: readonly SignatureCheck[]): Promise<boolean[]>;
  close(): Promise<void>;
}

/** Synchronous verification on the calling thread: the fallback and the baseline. */
export function createInThreadVerifier(keyCache = new KeyObjectCache()): SignatureVerifier & {
  verifySync(checks: readonly SignatureCheck[]): boolean[];
} {
  const verifySync = (checks: readonly SignatureCheck[]): boolean[] =>
    checks.map((check) => {
      const key = keyCache.get(check.publicKey);
      if (!key) return false;
      try {
        return verify(null, Buffer.from(check.payload, 'utf8'), key, Buffer.from(check.signature, 'base64'));
      } catch {
        return false;
      }
    });
  return {
    verifySync,
    verifyAll: async (checks) => verifySync(checks),
    close: async () => undefined,
  };
}

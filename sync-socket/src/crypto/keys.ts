/** Ed25519 public keys travel as base64 of the raw 32 bytes; Node wants a KeyObject. */
import { createPublicKey, type KeyObject } from 'node:crypto';

/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32 raw key bytes follow it. */
export const ED25519_SPKI_PREFIX_HEX = '302a300506032b6570032100';
const SPKI_PREFIX = Buffer.from(ED25519_SPKI_PREFIX_HEX, 'hex');
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The raw key bytes if `value` is strict base64 of exactly 32 bytes, else null. */
export function decodeRawPublicKey(value: unknown): Buffer | null {
  if (typeof value !== 'string' || value.length !== 44 || !BASE64.test(value)) return null;
  const raw = Buffer.from(value, 'base64');
  return raw.length === 32 ? raw : null;
}

/** A KeyObject for a base64 raw Ed25519 key, or null when it is not one. */
export function toPublicKeyObject(base64Raw: string): KeyObject | null {
  const raw = decodeRawPublicKey(base64Raw);
  if (!raw) return null;
  try {
    return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
  } catch {
    return null;
  }
}

/** Parsing a key costs about as much as a verification: keep them per key, bounded. */
export class KeyObjectCache {
  private readonly keys = new Map<string, KeyObject | null>();

  constructor(private readonly max = 10_000) {}

  get(base64Raw: string): KeyObject | null {
    const cached = this.keys.get(base64Raw);
    if (cached !== undefined) return cached;
    const key = toPublicKeyObject(base64Raw);
    if (this.keys.size >= this.max) this.keys.delete(this.keys.keys().next().value as string);
    this.keys.set(base64Raw, key);
    return key;
  }
}

import { STORAGE_KEYS, type KeyValueStorage } from '../storage/key-value-storage';
import { bytesToBase64 } from './base64';

/**
 * The device's Ed25519 key pair, made with WebCrypto. The private key is created NON-extractable:
 * no code path can read its bytes, so it cannot leave the device. IndexedDB stores CryptoKey
 * objects by structured clone (browsers, and Node 20 + fake-indexeddb, verified), so the pair is
 * persisted as the CryptoKeyPair object itself, never as exported key material.
 */
export interface DeviceKeys {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** Base64 of the raw 32-byte public key, as sent in RegisterDeviceRequest / SignedEvent. */
  publicKeyBase64: string;
}

interface StoredKeys {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicKeyBase64: string;
}

const ED25519 = { name: 'Ed25519' } as const;

export async function generateDeviceKeys(): Promise<DeviceKeys> {
  const pair = (await globalThis.crypto.subtle.generateKey(ED25519, false, ['sign', 'verify'])) as CryptoKeyPair;
  const raw = await globalThis.crypto.subtle.exportKey('raw', pair.publicKey);
  return { privateKey: pair.privateKey, publicKey: pair.publicKey, publicKeyBase64: bytesToBase64(raw) };
}

const isStoredKeys = (value: unknown): value is StoredKeys => {
  const v = value as Partial<StoredKeys> | null;
  return (
    !!v && typeof v.publicKeyBase64 === 'string' && typeof v.privateKey === 'object' && v.privateKey?.type === 'private'
  );
};

/** Loads the stored pair, or creates and stores one (awaited) on first use. */
export async function loadOrCreateDeviceKeys(storage: KeyValueStorage): Promise<DeviceKeys> {
  const stored = await storage.getItem<unknown>(STORAGE_KEYS.deviceKeys);
  if (isStoredKeys(stored)) return stored;
  const keys = await generateDeviceKeys();
  await storage.setItem<StoredKeys>(STORAGE_KEYS.deviceKeys, keys);
  return keys;
}

export async function signBytes(keys: Pick<DeviceKeys, 'privateKey'>, bytes: Uint8Array): Promise<string> {
  const signature = await globalThis.crypto.subtle.sign(ED25519, keys.privateKey, bytes as Uint8Array<ArrayBuffer>);
  return bytesToBase64(signature);
}

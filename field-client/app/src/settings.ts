/**
 * What the app itself keeps beside the engine's storage: which gateway this device was enrolled
 * with, who it belongs to, and the technician's sign-in (a PIN set at enrolment, kept only as a
 * PBKDF2 hash). Signing in is local on purpose: a technician in a basement must be able to open
 * the app with no network; the server trusts the device's key, not this PIN.
 */
import localforage from 'localforage';

export interface AppSettings {
  gatewayUrl: string;
  userId: string;
  deviceName: string;
  pinSalt: string;
  pinHash: string;
  enrolledAt: string;
  /** Set by sign-in, cleared by sign-out: a reload or browser restart keeps the session. */
  signedIn: boolean;
}

const store = localforage.createInstance({ name: 'pco-field-app', driver: localforage.INDEXEDDB });
const KEY = 'settings';
/** The engine's localforage database for this browser profile: one enrolled device per profile. */
export const DEVICE_STORAGE_NAME = 'pco-field-device';

export const loadSettings = (): Promise<AppSettings | null> => store.getItem<AppSettings>(KEY);
export const saveSettings = (settings: AppSettings): Promise<AppSettings> => store.setItem(KEY, settings);

const hex = (bytes: ArrayBuffer | Uint8Array): string =>
  [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');

export async function hashPin(pin: string, saltHex: string): Promise<string> {
  const salt = new Uint8Array(saltHex.match(/../g)!.map((h) => parseInt(h, 16)));
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  return hex(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: 100_000 }, key, 256));
}

export const newSalt = (): string => hex(crypto.getRandomValues(new Uint8Array(16)));

/** The gateway this app's server points at (asked once, at enrolment, while online). */
export async function fetchAppConfig(): Promise<{ gatewayUrl: string }> {
  const response = await fetch('/app-config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`app-config.json answered ${response.status}`);
  return (await response.json()) as { gatewayUrl: string };
}

import type { PersonId, RegisterDeviceRequest, RegisterDeviceResponse, Timestamp } from '@pco/domain';
import { HTTP_PATHS, SYNC_CONFIG } from '../config';
import { FieldClientError } from '../errors';
import { STORAGE_KEYS, type KeyValueStorage } from '../storage/key-value-storage';
import { fetchWithTimeout } from '../sync/http';
import { type DeviceKeys, loadOrCreateDeviceKeys } from './device-keys';

export interface DeviceRegistration {
  deviceId: string;
  userId: PersonId;
  name: string;
  registeredAt: Timestamp;
  publicKey: string;
}

export const loadRegistration = (storage: KeyValueStorage): Promise<DeviceRegistration | null> =>
  storage.getItem<DeviceRegistration>(STORAGE_KEYS.deviceRegistration);

/**
 * POST /api/devices with the PUBLIC key only (raw 32 bytes, base64) and the one-time enrolment
 * code a manager issued for the user. The server assigns the device id and takes the person from
 * the code (it refuses a code issued for another user). Registering twice returns the stored
 * registration without a request.
 */
export async function registerDevice(
  storage: KeyValueStorage,
  opts: { baseUrl: string; userId: PersonId; name: string; enrolmentCode: string; fetchImpl?: typeof fetch },
): Promise<{ registration: DeviceRegistration; keys: DeviceKeys }> {
  const keys = await loadOrCreateDeviceKeys(storage);
  const existing = await loadRegistration(storage);
  if (existing) return { registration: existing, keys };
  const body: RegisterDeviceRequest = {
    enrolmentCode: opts.enrolmentCode,
    userId: opts.userId,
    name: opts.name,
    publicKey: keys.publicKeyBase64,
  };
  const response = await fetchWithTimeout(
    `${opts.baseUrl}${HTTP_PATHS.registerDevice}`,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    SYNC_CONFIG.healthTimeoutMs,
    opts.fetchImpl,
  );
  const payload = (await response.json().catch(() => null)) as
    (RegisterDeviceResponse & { error?: { code: string; message: string } }) | null;
  if (!response.ok || !payload?.deviceId) {
    throw new FieldClientError(
      payload?.error?.code ?? 'VALIDATION_ERROR',
      payload?.error?.message ?? `registration answered ${response.status}`,
    );
  }
  const registration: DeviceRegistration = {
    deviceId: payload.deviceId,
    userId: payload.userId ?? opts.userId,
    name: opts.name,
    registeredAt: payload.registeredAt,
    publicKey: keys.publicKeyBase64,
  };
  await storage.setItem(STORAGE_KEYS.deviceRegistration, registration);
  return { registration, keys };
}

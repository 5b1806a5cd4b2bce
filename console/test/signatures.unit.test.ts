/** The event log page's Ed25519 check: the device's registered key decides, not the key the payload claims. */
import { DEMO, DEMO_DEVICE_KEYS } from '@pco/store/demo';
import { offlineIssue } from '@pco/store/test-support';
import { verifyLoggedSignature } from '../app/lib/signatures.server';

const signed = offlineIssue({
  tech: 'tech1',
  seq: 1,
  from: DEMO.locations.vehicle1,
  product: DEMO.products.gloves,
  value: 2,
  unit: 'each',
  claimedAt: '2026-11-25T08:00:00.000Z',
  lastKnownHash: '',
});
const entry = (payload: typeof signed, key: string = DEMO_DEVICE_KEYS.tech1.publicKey) => ({
  deviceId: DEMO.devices.tech1,
  registeredPublicKey: key,
  payload,
});

it('verifies a device event signed with its registered key', () => {
  expect(verifyLoggedSignature(entry(signed))).toBe('valid');
});

it('finds a signed field changed after signing', () => {
  expect(verifyLoggedSignature(entry({ ...signed, quantity: { value: 20, unit: 'each' } }))).toBe('invalid');
  expect(verifyLoggedSignature(entry({ ...signed, signature: Buffer.alloc(64).toString('base64') }))).toBe('invalid');
});

it('does not trust a payload signed with another key than the one the device registered', () => {
  expect(verifyLoggedSignature(entry(signed, DEMO_DEVICE_KEYS.tech2.publicKey as string))).toBe('key-mismatch');
  const { devicePublicKey: _ignored, ...withoutClaimedKey } = signed;
  expect(
    verifyLoggedSignature(entry(withoutClaimedKey as typeof signed, DEMO_DEVICE_KEYS.tech2.publicKey as string)),
  ).toBe('invalid');
});

it('says a server event carries no device signature', () => {
  expect(verifyLoggedSignature({ deviceId: null, registeredPublicKey: null, payload: signed })).toBe('server-event');
});

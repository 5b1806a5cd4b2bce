/**
 * Enrolment: the one-time code a manager issued and a PIN for sign-in on this phone. The code
 * names the person (the gateway answers with their user id), so nobody types a user id. The engine makes the device's Ed25519 key pair (WebCrypto, non-extractable,
 * kept in IndexedDB), registers the public key with the code, then syncs once so the phone holds
 * its reference data and stock before it goes where there is no signal.
 */
import { useState, type FormEvent } from 'react';
import type { FieldClient } from '@pco/field-client';
import { fetchAppConfig, hashPin, newSalt, saveSettings, type AppSettings } from '../settings';
import { openClient } from '../use-device';

export function Enrol({ onEnrolled }: { onEnrolled: (s: AppSettings, c: FieldClient) => void }) {
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (!/^\d{4,8}$/.test(pin)) return setError('The PIN must be 4 to 8 digits.');
    setBusy(true);
    try {
      const { gatewayUrl } = await fetchAppConfig();
      const deviceName = name.trim() || 'Field phone';
      const client = await openClient({ gatewayUrl, deviceName });
      // The code determines the person; the registration tells us who that is.
      const { userId } = await client.register(code.trim());
      const base = { gatewayUrl, userId, deviceName };
      const summary = await client.sync();
      if (summary.status !== 'completed')
        throw new Error(`first sync did not complete: ${summary.error ?? summary.status}`);
      const pinSalt = newSalt();
      const settings = await saveSettings({
        ...base,
        pinSalt,
        pinHash: await hashPin(pin, pinSalt),
        enrolledAt: new Date().toISOString(),
        signedIn: true,
      });
      onEnrolled(settings, client);
    } catch (err) {
      setError(
        `Enrolment failed: ${err instanceof Error ? err.message : String(err)}. Check the code and that you are online.`,
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="screen">
      <h1>Enrol this phone</h1>
      <p>Ask your manager for a one-time enrolment code. You need a network connection for this step only.</p>
      <form onSubmit={(e) => void submit(e)} className="form">
        <label htmlFor="enrol-code">Enrolment code</label>
        <input
          id="enrol-code"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          required
          autoComplete="one-time-code"
        />
        <label htmlFor="enrol-name">Name of this phone</label>
        <input id="enrol-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="Alex's phone" />
        <label htmlFor="enrol-pin">Choose a PIN (4–8 digits) to sign in on this phone</label>
        <input
          id="enrol-pin"
          value={pin}
          onChange={(e) => setPin(e.target.value)}
          inputMode="numeric"
          type="password"
          autoComplete="new-password"
          required
        />
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Enrolling…' : 'Enrol phone'}
        </button>
      </form>
    </main>
  );
}

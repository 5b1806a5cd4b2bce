/** Sign-in on an enrolled phone: checked locally against the PIN hash, so it works offline. */
import { useState, type FormEvent } from 'react';
import { hashPin, type AppSettings } from '../settings';
import { clearPinFailures, pinWaitMs, recordPinFailure } from '../pin-throttle';

export function SignIn({ settings, onSignedIn }: { settings: AppSettings; onSignedIn: () => void }) {
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const wait = pinWaitMs(Date.now());
    if (wait > 0) {
      setPin('');
      return setError(`Too many wrong PINs. Try again in ${Math.ceil(wait / 1000)} s.`);
    }
    if ((await hashPin(pin, settings.pinSalt)) === settings.pinHash) {
      clearPinFailures();
      return onSignedIn();
    }
    recordPinFailure(Date.now());
    const next = pinWaitMs(Date.now());
    setError(next > 0 ? `Wrong PIN. Try again in ${Math.ceil(next / 1000)} s.` : 'Wrong PIN. Try again.');
    setPin('');
  }

  return (
    <main className="screen">
      <h1>Sign in</h1>
      <p>
        {settings.deviceName} · user {settings.userId}
      </p>
      <form onSubmit={(e) => void submit(e)} className="form">
        <label htmlFor="signin-pin">PIN</label>
        <input
          id="signin-pin"
          value={pin}
          onChange={(e) => setPin(e.target.value)}
          inputMode="numeric"
          type="password"
          autoComplete="current-password"
          required
          autoFocus
        />
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary">
          Sign in
        </button>
      </form>
    </main>
  );
}

/**
 * The app's states, in the order a phone goes through them: not enrolled → enrolled but nobody
 * signed in → signed in (the working screens). Each state is read from IndexedDB at start, so a
 * reload or a browser restart lands where the technician left off, network or not.
 */
import { useEffect, useState } from 'react';
import type { FieldClient } from '@pco/field-client';
import { loadSettings, saveSettings, type AppSettings } from './settings';
import { openClient } from './use-device';
import { Enrol } from './screens/Enrol';
import { SignIn } from './screens/SignIn';
import { Home } from './screens/Home';

export function App() {
  const [loaded, setLoaded] = useState(false);
  const [settings, setSettings] = useState<AppSettings | null>(null);
  const [client, setClient] = useState<FieldClient | null>(null);

  useEffect(() => {
    void (async () => {
      const s = await loadSettings();
      if (s) setClient(await openClient(s));
      setSettings(s);
      setLoaded(true);
    })();
  }, []);

  if (!loaded)
    return (
      <main className="screen">
        <p role="status">Opening…</p>
      </main>
    );
  if (!settings || !client) {
    return (
      <Enrol
        onEnrolled={(s, c) => {
          setSettings(s);
          setClient(c);
        }}
      />
    );
  }
  const update = async (change: Partial<AppSettings>) => setSettings(await saveSettings({ ...settings, ...change }));
  if (!settings.signedIn) return <SignIn settings={settings} onSignedIn={() => void update({ signedIn: true })} />;
  return <Home client={client} settings={settings} onSignOut={() => void update({ signedIn: false })} />;
}

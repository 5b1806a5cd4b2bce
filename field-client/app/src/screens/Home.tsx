/**
 * The signed-in app: the sync status bar and banners always on top, the screen in the middle,
 * the navigation at the bottom where a thumb reaches it.
 */
import { useEffect, useState } from 'react';
import type { FieldClient } from '@pco/field-client';
import type { AppSettings } from '../settings';
import { useDevice } from '../use-device';
import { StatusBar } from './StatusBar';
import { Banners } from './Banners';
import { RecordScreen } from './RecordScreen';
import { StockScreen } from './StockScreen';
import { ReportsScreen } from './ReportsScreen';
import { RequestsScreen } from './RequestsScreen';
import { DeviceScreen } from './DeviceScreen';

const TABS = [
  { id: 'record', label: 'Record' },
  { id: 'stock', label: 'Stock' },
  { id: 'requests', label: 'Requests' },
  { id: 'reports', label: 'Reports' },
  { id: 'device', label: 'Device' },
] as const;
type Tab = (typeof TABS)[number]['id'];

export function Home({
  client,
  settings,
  onSignOut,
}: {
  client: FieldClient;
  settings: AppSettings;
  onSignOut: () => void;
}) {
  const { state, syncNow, refresh } = useDevice(client);
  const [tab, setTab] = useState<Tab>('record');
  useEffect(() => {
    // Block body: newer Chromium returns a promise from scrollTo, and React would take it for a cleanup.
    window.scrollTo(0, 0);
  }, [tab]);
  if (!state)
    return (
      <main className="screen">
        <p role="status">Loading…</p>
      </main>
    );
  // The status bar shows the new event before the screen says "Recorded" (one consistent picture); then it is sent.
  const afterRecord = async (): Promise<void> => {
    await refresh();
    if (navigator.onLine) void syncNow();
  };

  return (
    <div className="app">
      <StatusBar state={state} onSync={() => void syncNow()} />
      <Banners state={state} onChanged={() => void refresh()} onSync={() => void syncNow()} />
      <main className="content">
        {tab === 'record' && <RecordScreen state={state} settings={settings} onRecorded={afterRecord} />}
        {tab === 'stock' && <StockScreen state={state} settings={settings} />}
        {tab === 'requests' && <RequestsScreen state={state} settings={settings} onRecorded={afterRecord} />}
        {tab === 'reports' && <ReportsScreen state={state} settings={settings} />}
        {tab === 'device' && <DeviceScreen state={state} settings={settings} onSignOut={onSignOut} />}
      </main>
      <nav className="tabs" aria-label="Screens">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            aria-current={tab === t.id ? 'page' : undefined}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </nav>
    </div>
  );
}

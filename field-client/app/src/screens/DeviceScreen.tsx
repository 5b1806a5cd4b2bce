/**
 * The phone itself: identity, the queue (quarantined once revoked), storage used, the warning
 * against clearing site data, and the corrupted-storage procedure's export of unsent events in
 * one tap (a JSON file of everything readable, unsent events first).
 */
import { useState } from 'react';
import { exportReadableStorage, UNSYNCED_STATUSES } from '@pco/field-client';
import { age } from '../format';
import type { AppSettings } from '../settings';
import type { DeviceState } from '../use-device';
import { unsent } from './StatusBar';

export function DeviceScreen({
  state,
  settings,
  onSignOut,
}: {
  state: DeviceState;
  settings: AppSettings;
  onSignOut: () => void;
}) {
  const [exported, setExported] = useState<string | null>(null);
  const pending = unsent(state);
  const revoked = state.sync.revoked !== null;

  async function exportUnsent() {
    const dump = await exportReadableStorage(state.client.storage);
    const unsentEvents = dump.pendingEvents.filter((p) => UNSYNCED_STATUSES.includes(p.status));
    // Refused by the server: not in its log either, so the export is where a manager finds them.
    const refusedEvents = dump.pendingEvents.filter((p) => p.status === 'failed');
    const file = {
      exportedAt: new Date().toISOString(),
      deviceId: state.client.deviceId,
      userId: settings.userId,
      unsentEvents,
      refusedEvents,
      corrupted: dump.corrupted,
      highestSequence: dump.highestSequence,
    };
    const url = URL.createObjectURL(new Blob([JSON.stringify(file, null, 2)], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `pco-unsent-${state.client.deviceId}-${Date.now()}.json`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setExported(
      `Exported ${unsentEvents.length} unsent event${unsentEvents.length === 1 ? '' : 's'}` +
        (refusedEvents.length ? ` and ${refusedEvents.length} refused` : '') +
        ` to ${a.download}.`,
    );
  }

  return (
    <section aria-labelledby="device-title">
      <h1 id="device-title">Device</h1>
      <dl className="facts">
        <dt>Device id</dt>
        <dd data-testid="device-id">{state.client.deviceId}</dd>
        <dt>User</dt>
        <dd data-testid="device-user">{settings.userId}</dd>
        <dt>Enrolled</dt>
        <dd>{age(settings.enrolledAt, state.now)}</dd>
        <dt>Storage used</dt>
        <dd data-testid="storage-used">
          {state.storageUsedBytes === null ? 'unknown' : `${(state.storageUsedBytes / 1024).toFixed(0)} KB`}
        </dd>
      </dl>
      {pending.length > 0 && (
        <p role="alert" className="banner warning" data-testid="clear-data-warning">
          Do not clear this site's data or uninstall the app: {pending.length} unsent event
          {pending.length === 1 ? '' : 's'} would be lost. Export them first.
        </p>
      )}
      <button type="button" className="primary" onClick={() => void exportUnsent()}>
        Export unsent events
      </button>
      {exported && (
        <p role="status" className="ok">
          {exported}
        </p>
      )}
      <h2>{revoked ? 'Quarantined queue' : 'Queue'}</h2>
      <ul className="cards" data-testid="queue-list">
        {[...state.queue]
          .reverse()
          .slice(0, 50)
          .map((p) => (
            <li key={p.localId} data-status={revoked && pending.includes(p) ? 'quarantined' : p.status}>
              #{p.event.offlineContext?.sequenceNumber} {p.event.eventType} {p.event.quantity.value}{' '}
              {p.event.quantity.unit} — {revoked && pending.includes(p) ? 'quarantined' : p.status}
            </li>
          ))}
      </ul>
      <button type="button" className="secondary" onClick={onSignOut}>
        Sign out
      </button>
    </section>
  );
}

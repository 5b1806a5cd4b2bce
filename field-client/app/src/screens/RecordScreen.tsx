/**
 * The capabilities matrix as the technician meets it: every offline-capable action is a large
 * button; the online-only ones are listed, greyed out with the reason when there is no network.
 */
import { useState } from 'react';
import { OFFLINE_CAPABILITIES } from '@pco/domain';
import type { AppSettings } from '../settings';
import type { DeviceState } from '../use-device';
import { ActionForm, type ActionKind, ACTION_TITLES } from './ActionForm';

const ACTIONS: ActionKind[] = ['issue', 'return', 'transfer', 'count', 'request'];

const ONLINE_ONLY_LABELS: Record<string, string> = {
  'receive-from-supplier': 'Receive from supplier',
  'adjust-inventory': 'Adjust inventory',
  'create-product': 'Create product',
  'modify-product': 'Modify product',
  'modify-locations': 'Modify locations',
  'user-management': 'User management',
};

export function RecordScreen({
  state,
  settings,
  onRecorded,
}: {
  state: DeviceState;
  settings: AppSettings;
  onRecorded: () => Promise<void>;
}) {
  const [kind, setKind] = useState<ActionKind | null>(null);
  const [done, setDone] = useState<string | null>(null);
  if (kind) {
    return (
      <ActionForm
        kind={kind}
        state={state}
        settings={settings}
        onCancel={() => setKind(null)}
        onRecorded={async (summary) => {
          await onRecorded();
          setDone(summary);
          setKind(null);
        }}
      />
    );
  }
  const revoked = state.sync.revoked !== null;
  const onlineOnly = OFFLINE_CAPABILITIES.filter((c) => c.offlineCapable === false && ONLINE_ONLY_LABELS[c.action]);
  return (
    <section aria-labelledby="record-title">
      <h1 id="record-title">Record</h1>
      {done && (
        <p role="status" className="ok" data-testid="recorded">
          {done}
        </p>
      )}
      <div className="action-grid">
        {ACTIONS.map((a) => (
          <button
            key={a}
            type="button"
            className="action"
            disabled={revoked}
            onClick={() => {
              setDone(null);
              setKind(a);
            }}
          >
            {ACTION_TITLES[a]}
          </button>
        ))}
      </div>
      <h2>Needs the network</h2>
      <ul className="online-only" data-testid="online-only">
        {onlineOnly.map((c) => (
          <li key={c.action} aria-disabled="true">
            <strong>{ONLINE_ONLY_LABELS[c.action]}</strong>
            <span>
              {state.online
                ? 'Done in the manager console.'
                : `Unavailable offline: ${c.note.replace(/^\(added\) /, '')}.`}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Always visible: online/offline, what waits to be sent (count and oldest age), last successful sync. */
import { UNSYNCED_STATUSES } from '@pco/field-client';
import { age } from '../format';
import type { DeviceState } from '../use-device';

export const unsent = (state: DeviceState) => state.queue.filter((p) => UNSYNCED_STATUSES.includes(p.status));

export function StatusBar({ state, onSync }: { state: DeviceState; onSync: () => void }) {
  const pending = unsent(state);
  const oldest = pending.map((p) => p.queuedAt).sort()[0];
  const revoked = state.sync.revoked !== null;
  const conflicts = pending.filter((p) => p.status === 'conflicted').length;
  return (
    <header className={`status ${revoked ? 'revoked' : state.online ? 'online' : 'offline'}`} data-testid="status-bar">
      <div className="status-line">
        <strong data-testid="connectivity">{state.online ? 'Online' : 'Offline'}</strong>
        <span data-testid="pending-count">{pending.length} pending</span>
        {oldest && <span data-testid="oldest-pending">oldest {age(oldest, state.now)}</span>}
      </div>
      {(revoked || conflicts > 0) && (
        <div className="status-line">
          <strong data-testid="status-alert">
            {revoked
              ? `Device revoked: ${pending.length} quarantined`
              : `${conflicts} conflict${conflicts === 1 ? '' : 's'}: see below`}
          </strong>
        </div>
      )}
      <div className="status-line">
        <span data-testid="last-sync">Last sync: {age(state.sync.lastSuccessfulSync, state.now)}</span>
        <button type="button" className="small" onClick={onSync} disabled={!state.online || state.syncing || revoked}>
          {state.syncing ? 'Syncing…' : 'Sync now'}
        </button>
      </div>
    </header>
  );
}

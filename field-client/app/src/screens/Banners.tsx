/**
 * What the technician must know before anything else: a revoked device (its queue quarantined),
 * a conflict holding the queue (with the four options and what each will do), the 500-event
 * queue limit coming (announced from 80 %), events the server refused for good, and a sync that failed.
 */
import { STORAGE_LIMITS } from '@pco/field-client';
import type { DeviceState } from '../use-device';
import { unsent } from './StatusBar';
import { ConflictCard } from './ConflictCard';
import { queueNotice } from '../queue-notice';

export function Banners({
  state,
  onChanged,
  onSync,
}: {
  state: DeviceState;
  onChanged: () => void;
  onSync: () => void;
}) {
  const pending = unsent(state).length;
  const limit = STORAGE_LIMITS.maxPendingEvents;
  const conflicted = state.queue.filter((p) => p.status === 'conflicted');
  const revoked = state.sync.revoked;
  const notice = queueNotice(pending, limit);
  const failed = state.lastSummary?.status === 'failed' ? state.lastSummary.error : null;
  // Refused by the server for good: not in the inventory, not pending, and never to be dropped in silence.
  const refused = state.queue.filter((p) => p.status === 'failed');
  return (
    <div className="banners">
      {revoked && (
        <section role="alert" className="banner danger" data-testid="revoked-banner">
          <h2>This device was revoked</h2>
          <p>{revoked.reason.replace(/^DEVICE_REVOKED: /, '')}. Nothing more can be recorded or sent from it.</p>
          <p>
            Its {pending} unsent event{pending === 1 ? ' is' : 's are'} <strong>quarantined</strong>: kept on the phone
            and held by the server for a manager to review. Hand the phone to your manager.
          </p>
        </section>
      )}
      {!revoked &&
        conflicted.map((p) => (
          <ConflictCard key={p.localId} pending={p} state={state} onChanged={onChanged} onSync={onSync} />
        ))}
      {!revoked && notice.level !== 'none' && (
        <section role="alert" className="banner warning" data-testid="queue-limit-banner">
          <h2>{notice.title}</h2>
          <p>{notice.message}</p>
        </section>
      )}
      {refused.length > 0 && (
        <section role="alert" className="banner danger" data-testid="refused-banner">
          <h2>
            {refused.length} event{refused.length === 1 ? ' was' : 's were'} refused by the server
          </h2>
          <ul>
            {refused.slice(0, 3).map((p) => (
              <li key={p.localId}>
                #{p.event.offlineContext?.sequenceNumber ?? '?'}: {p.lastError ?? 'no reason given'}
              </li>
            ))}
          </ul>
          <p>
            {refused.length === 1 ? 'It is' : 'They are'} not in the inventory. Kept on this phone: tell your manager,
            and export {refused.length === 1 ? 'it' : 'them'} from the Device tab.
          </p>
        </section>
      )}
      {!revoked && failed && (
        <section role="status" className="banner warning" data-testid="sync-failed-banner">
          <p>Last sync failed: {failed}. Your events are kept and will be sent on the next sync.</p>
        </section>
      )}
    </div>
  );
}

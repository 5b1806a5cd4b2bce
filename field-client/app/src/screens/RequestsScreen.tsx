/**
 * Requests as the phone knows them. A manager (or admin) approves or denies pending requests here,
 * offline too: the decision is provisional until it syncs (the server settles races).
 */
import { useEffect, useState } from 'react';
import { loadServerState } from '@pco/field-client';
import type { RequestView } from '@pco/domain';
import { nameOf, qty } from '../format';
import { roleOf } from '../places';
import type { AppSettings } from '../settings';
import type { DeviceState } from '../use-device';

export function RequestsScreen({
  state,
  settings,
  onRecorded,
}: {
  state: DeviceState;
  settings: AppSettings;
  onRecorded: () => Promise<void>;
}) {
  const [requests, setRequests] = useState<RequestView[]>([]);
  const [confirming, setConfirming] = useState<{ id: string; action: 'approve' | 'deny' } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const { products, locations, persons } = state.reference;
  const manager = roleOf(persons, settings.userId) !== 'technician';

  useEffect(() => {
    void loadServerState(state.client.storage).then((s) => setRequests([...s.requests.values()]));
  }, [state]);

  const mine = new Set(
    state.queue
      .filter((p) => p.event.eventType === 'RequestCreated' && ['queued', 'syncing'].includes(p.status))
      .map((p) => p.localId),
  );
  const decidedHere = new Map(
    state.queue
      .filter((p) => ['RequestApproved', 'RequestDenied'].includes(p.event.eventType) && p.status !== 'synced')
      .map((p) => [
        (p.event.data as { requestId?: string }).requestId,
        p.event.eventType === 'RequestApproved' ? 'approved (provisional)' : 'denied (provisional)',
      ]),
  );

  async function decide(id: string, action: 'approve' | 'deny') {
    try {
      if (action === 'approve') await state.client.approveRequest({ requestId: id });
      else await state.client.denyRequest({ requestId: id });
      await onRecorded();
      setMessage(`Request ${action === 'approve' ? 'approved' : 'denied'} — provisional until synced.`);
    } catch (error) {
      setMessage(error instanceof Error ? error.message : String(error));
    } finally {
      setConfirming(null);
    }
  }

  const visible = requests.filter((r) => manager || r.requestedBy === settings.userId);
  return (
    <section aria-labelledby="requests-title">
      <h1 id="requests-title">Requests</h1>
      {message && (
        <p role="status" className="ok">
          {message}
        </p>
      )}
      {mine.size > 0 && (
        <p>
          {mine.size} new request{mine.size === 1 ? '' : 's'} waiting to sync.
        </p>
      )}
      <ul className="cards">
        {visible.map((r) => (
          <li key={r.id} data-testid="request">
            <p>
              <strong>
                {qty(r.quantity)} {nameOf(products, r.product)}
              </strong>{' '}
              to {nameOf(locations, r.toLocation)}
            </p>
            <p>
              By {persons.find((p) => p.id === r.requestedBy)?.name ?? r.requestedBy} ·{' '}
              {decidedHere.get(r.id) ?? r.status}
            </p>
            {manager &&
              r.status === 'pending' &&
              !decidedHere.has(r.id) &&
              (confirming?.id === r.id ? (
                <div className="confirm">
                  <p>
                    This will record: {confirming.action} the request for {qty(r.quantity)}{' '}
                    {nameOf(products, r.product)} (provisional until synced).
                  </p>
                  <button type="button" className="primary" onClick={() => void decide(r.id, confirming.action)}>
                    Confirm {confirming.action}
                  </button>
                  <button type="button" className="secondary" onClick={() => setConfirming(null)}>
                    Cancel
                  </button>
                </div>
              ) : (
                <div className="row">
                  <button
                    type="button"
                    className="primary"
                    onClick={() => setConfirming({ id: r.id, action: 'approve' })}
                  >
                    Approve
                  </button>
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => setConfirming({ id: r.id, action: 'deny' })}
                  >
                    Deny
                  </button>
                </div>
              ))}
          </li>
        ))}
        {visible.length === 0 && <li>No requests known on this phone.</li>}
      </ul>
    </section>
  );
}

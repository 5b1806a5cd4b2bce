/** One conflicted event: what happened, the four options with their effect, and the decision sent online. */
import { useState } from 'react';
import type { DeviceConflictDecision, PendingEvent } from '@pco/field-client';
import { TECHNICIAN_CHOICES, type TechnicianOption } from '../conflict-options';
import { nameOf, qty } from '../format';
import { sendConflictDecision } from '../conflict-decision';
import type { DeviceState } from '../use-device';

export function ConflictCard({
  pending,
  state,
  onChanged,
  onSync,
}: {
  pending: PendingEvent;
  state: DeviceState;
  onChanged: () => void;
  onSync: () => void;
}) {
  const [choice, setChoice] = useState<TechnicianOption | null>(null);
  const [quantity, setQuantity] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { event, conflictDetails: details, conflictId } = pending;
  const { products, locations } = state.reference;
  const chosen = TECHNICIAN_CHOICES.find((c) => c.option === choice);

  async function send() {
    if (!choice || !conflictId) return;
    setBusy(true);
    try {
      const decision: DeviceConflictDecision =
        choice === 'modify'
          ? { option: 'modify', quantity: { value: Number(quantity), unit: event.quantity.unit } }
          : { option: choice };
      const result = await sendConflictDecision(state.client, conflictId, decision);
      setMessage(`Sent: ${result}`);
      onSync();
    } catch (error) {
      setMessage(`Not sent: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setBusy(false);
      onChanged();
    }
  }

  return (
    <section role="alert" className="banner danger" data-testid="conflict-banner">
      <h2>
        Conflict: your {event.eventType === 'ProductIssued' ? 'issue' : 'event'} #{event.offlineContext?.sequenceNumber}{' '}
        was not applied
      </h2>
      <p>
        {qty(event.quantity)} of {nameOf(products, event.product)} from {nameOf(locations, event.fromLocation)}.
        {details?.available ? ` The server had ${qty(details.available)} available.` : ''} {details?.message}
      </p>
      <p>Your later events wait until this is decided.</p>
      <fieldset>
        <legend>What should happen?</legend>
        {TECHNICIAN_CHOICES.map((c) => (
          <label key={c.option} className="choice">
            <input
              type="radio"
              name={`conflict-${pending.localId}`}
              value={c.option}
              checked={choice === c.option}
              onChange={() => setChoice(c.option)}
            />
            <span>
              <strong>{c.label}</strong>
              <br />
              {c.effect}
            </span>
          </label>
        ))}
      </fieldset>
      {choice === 'modify' && (
        <>
          <label htmlFor={`modify-${pending.localId}`}>New quantity ({event.quantity.unit})</label>
          <input
            id={`modify-${pending.localId}`}
            type="number"
            min="0"
            max={event.quantity.value}
            step="any"
            inputMode="decimal"
            value={quantity}
            onChange={(e) => setQuantity(e.target.value)}
          />
        </>
      )}
      {chosen && (
        <p className="confirm" data-testid="conflict-confirm">
          This will send “{chosen.label}
          {choice === 'modify' ? `: ${quantity || '?'} ${event.quantity.unit}` : ''}”. {chosen.effect}
        </p>
      )}
      <button
        type="button"
        className="primary"
        disabled={!chosen || busy || !state.online || (choice === 'modify' && !(Number(quantity) > 0))}
        onClick={() => void send()}
      >
        {state.online ? 'Send decision' : 'Send decision (needs the network)'}
      </button>
      {message && <p role="status">{message}</p>}
    </section>
  );
}

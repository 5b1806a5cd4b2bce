/**
 * One form for the five offline actions. Nothing is recorded until the technician has seen, in
 * words, what will be recorded and confirmed it. "When did this happen" defaults to now.
 */
import { useMemo, useState, type FormEvent } from 'react';
import type { Product } from '@pco/domain';
import { customerSites, ownLocations } from '../places';
import { localInputValue, nameOf } from '../format';
import type { AppSettings } from '../settings';
import type { DeviceState } from '../use-device';
import { Field, Select } from './fields';
import { buildCommand, describe, type ActionDraft } from '../commands';
import { reviewProblem } from '../review-checks';
import { preparePhoto, type ReadyPhoto } from '../photo';

export type ActionKind = 'issue' | 'return' | 'transfer' | 'count' | 'request';
export const ACTION_TITLES: Record<ActionKind, string> = {
  issue: 'Issue to a job',
  return: 'Return',
  transfer: 'Transfer',
  count: 'Count',
  request: 'Request stock',
};

export function ActionForm({
  kind,
  state,
  settings,
  onCancel,
  onRecorded,
}: {
  kind: ActionKind;
  state: DeviceState;
  settings: AppSettings;
  onCancel: () => void;
  onRecorded: (summary: string) => Promise<void>;
}) {
  const { products, locations } = state.reference;
  const own = useMemo(() => ownLocations(locations, settings.userId), [locations, settings.userId]);
  const [draft, setDraft] = useState<ActionDraft>(() => ({
    kind,
    product: products[0]?.id ?? '',
    from: own[0]?.id ?? '',
    to: kind === 'transfer' ? (own[1]?.id ?? '') : (own[0]?.id ?? ''),
    quantity: '',
    when: localInputValue(new Date()),
    job: '',
    site: '',
    reason: 'unused',
    note: '',
  }));
  const [reviewing, setReviewing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [photo, setPhoto] = useState<ReadyPhoto | null>(null);
  const canAttach = kind === 'count' || (kind === 'return' && draft.reason === 'damaged');
  const set = (change: Partial<ActionDraft>) => {
    setDraft({ ...draft, ...change });
    setReviewing(false);
  };
  const product: Product | undefined = products.find((p) => p.id === draft.product);
  const productOptions = products.map((p) => ({ value: p.id, label: `${p.name}${p.regulated ? ' (regulated)' : ''}` }));
  const ownOptions = own.map((l) => ({ value: l.id, label: l.name }));

  function review(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const problem = reviewProblem(draft, product, new Date());
    if (problem) return setError(problem);
    setReviewing(true);
  }

  async function record() {
    if (!product) return;
    setBusy(true);
    setError(null);
    try {
      const attachments =
        canAttach && photo ? [await state.client.keepAttachment(photo.bytes, photo.contentType)] : undefined;
      const pending = await state.client.record(buildCommand(draft, product, attachments));
      await onRecorded(
        `Recorded #${pending.event.offlineContext?.sequenceNumber}: ${describe(draft, product, locations)}${attachments ? ' with a photo' : ''}. ${state.online ? 'Sending…' : 'It will sync when you are online.'}`,
      );
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setReviewing(false);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="form-title">
      <h1 id="form-title">{ACTION_TITLES[kind]}</h1>
      <form className="form" onSubmit={review}>
        {kind === 'count' ? (
          <Select
            id="f-location"
            label="Location counted"
            value={draft.from}
            options={ownOptions}
            onChange={(v) => set({ from: v })}
          />
        ) : kind === 'return' || kind === 'request' ? null : (
          <Select id="f-from" label="From" value={draft.from} options={ownOptions} onChange={(v) => set({ from: v })} />
        )}
        {(kind === 'return' || kind === 'transfer' || kind === 'request') && (
          <Select
            id="f-to"
            label={kind === 'request' ? 'Deliver to' : 'To'}
            value={draft.to}
            options={ownOptions}
            onChange={(v) => set({ to: v })}
          />
        )}
        <Select
          id="f-product"
          label="Product"
          value={draft.product}
          options={productOptions}
          onChange={(v) => set({ product: v })}
        />
        <Field
          id="f-quantity"
          label={`${kind === 'count' ? 'Counted quantity' : 'Quantity'}${product ? ` (${product.unit.replace('_', ' ')})` : ''}`}
          type="number"
          inputMode="decimal"
          value={draft.quantity}
          onChange={(v) => set({ quantity: v })}
        />
        {kind === 'issue' && (
          <>
            <Field id="f-job" label="Job reference" value={draft.job} onChange={(v) => set({ job: v })} />
            <Select
              id="f-site"
              label="Customer site (optional)"
              value={draft.site}
              options={[
                { value: '', label: '— none —' },
                ...customerSites(locations).map((l) => ({ value: l.id, label: l.name })),
              ]}
              onChange={(v) => set({ site: v })}
            />
          </>
        )}
        {kind === 'return' && (
          <Select
            id="f-reason"
            label="Why"
            value={draft.reason}
            options={[
              { value: 'unused', label: 'Unused' },
              { value: 'damaged', label: 'Damaged product' },
            ]}
            onChange={(v) => set({ reason: v })}
          />
        )}
        {(kind === 'count' || kind === 'request') && (
          <Field id="f-note" label="Note (optional)" value={draft.note} onChange={(v) => set({ note: v })} />
        )}
        {canAttach && (
          <>
            <label htmlFor="f-photo">Photo (optional): camera or files</label>
            <input
              id="f-photo"
              type="file"
              accept="image/*"
              onChange={(e) => {
                const file = e.target.files?.[0];
                setReviewing(false);
                if (!file) return setPhoto(null);
                preparePhoto(file).then(setPhoto, (err: unknown) => {
                  setPhoto(null);
                  setError(err instanceof Error ? err.message : String(err));
                });
              }}
            />
            {photo && (
              <p data-testid="photo-status">
                Photo ready: {(photo.bytes.length / 1024 / 1024).toFixed(1)} MB
                {photo.compressed ? `, compressed from ${(photo.originalSize / 1024 / 1024).toFixed(1)} MB` : ''}.
              </p>
            )}
          </>
        )}
        {kind !== 'request' && (
          <Field
            id="f-when"
            label="When did this happen?"
            type="datetime-local"
            value={draft.when}
            onChange={(v) => set({ when: v })}
          />
        )}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {!reviewing && (
          <button type="submit" className="primary">
            Review
          </button>
        )}
      </form>
      {reviewing && product && (
        <div className="confirm" role="region" aria-label="Confirm">
          <p data-testid="confirm-text">
            This will record: <strong>{describe(draft, product, locations)}</strong>
            {canAttach && photo ? ', with the photo' : ''}
            {kind !== 'request' ? ` at ${new Date(draft.when).toLocaleString()}` : ''}.
          </p>
          <button type="button" className="primary" disabled={busy} onClick={() => void record()}>
            Confirm and record
          </button>
        </div>
      )}
      <button type="button" className="secondary" onClick={onCancel}>
        Cancel
      </button>
      <p className="hint">Working from {nameOf(locations, draft.from)}.</p>
    </section>
  );
}

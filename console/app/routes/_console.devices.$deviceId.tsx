/**
 * One device: queue health, last sync, clock-skew flags; suspend or reactivate it, revoke it
 * with a reason (starts the revocation workflow; its steps show here as they complete), and
 * acknowledge sequence numbers lost with a corrupted phone's storage so its queue moves again.
 */
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { requireActionUser, requireUser } from '~/lib/auth.server';
import { DEVICE_INTENTS, validateDeviceForm, type DeviceField } from '~/lib/device-forms';
import {
  acknowledgeLost,
  changeDeviceStatus,
  deviceDetail,
  revocationProgress,
  startRevocation,
} from '~/lib/devices.server';
import { PAGE_SIZE, pageOf, readForm, unknownAction, type FieldErrors } from '~/lib/forms';
import { formatTime } from '~/lib/format';
import { FieldError, invalidProps } from '~/components/field-error';
import { Pager } from '~/components/pager';
import { usePolling } from '~/components/use-polling';

export const meta: MetaFunction = () => [{ title: 'Device · PCO Inventory console' }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUser(request, context);
  const page = pageOf(new URL(request.url));
  const detail = await deviceDetail(context, params.deviceId ?? '', {
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  if (!detail) throw new Response('There is no device with this id.', { status: 404 });
  return { ...detail, page, revocation: await revocationProgress(context, detail.device.id) };
}

type ActionResult = { intent: string; errors?: FieldErrors<DeviceField>; refused?: string; done?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireActionUser(request, context);
  const detail = await deviceDetail(context, params.deviceId ?? '');
  if (!detail) throw new Response('There is no device with this id.', { status: 404 });
  const form = await readForm(request);
  const checked = validateDeviceForm(form, detail.device.lastAcceptedSeq);
  if (!checked.ok && !(DEVICE_INTENTS as readonly string[]).includes(checked.intent)) return unknownAction();
  if (!checked.ok) return data<ActionResult>({ intent: checked.intent, errors: checked.errors }, { status: 400 });
  const base = { deviceId: detail.device.id, actorId: user.id, reason: checked.reason, now: context.services.now() };
  switch (checked.intent) {
    case 'suspend':
    case 'reactivate': {
      const done = await changeDeviceStatus(context, checked.intent, base);
      if (!done.ok) return data<ActionResult>({ intent: checked.intent, refused: done.error.message }, { status: 409 });
      return {
        intent: checked.intent,
        done:
          checked.intent === 'suspend'
            ? 'Suspended: the gateway refuses this device until it is reactivated.'
            : 'Reactivated.',
      } satisfies ActionResult;
    }
    case 'revoke': {
      if (detail.device.status === 'revoked')
        return data<ActionResult>({ intent: 'revoke', refused: 'This device is already revoked.' }, { status: 409 });
      const { started } = await startRevocation(context, user, detail.device.id, checked.reason);
      return {
        intent: 'revoke',
        done: started
          ? 'Revocation started: its steps appear below as they complete.'
          : 'A revocation of this device is already running.',
      } satisfies ActionResult;
    }
    case 'acknowledge_lost': {
      const done = await acknowledgeLost(context, { ...base, throughSequence: checked.throughSequence });
      if (!done.ok)
        return data<ActionResult>(
          { intent: 'acknowledge_lost', errors: { throughSequence: done.error.message } },
          { status: 400 },
        );
      return {
        intent: 'acknowledge_lost',
        done: `Sequence number(s) ${done.value.sequences.join(', ')} recorded as lost; the device's next expected number is ${checked.throughSequence + 1}.`,
      } satisfies ActionResult;
    }
  }
}

export default function DevicePage() {
  const { device, clockSkewFlags, revocation, page } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const busy = useNavigation().state === 'submitting';
  usePolling(revocation !== null && revocation.status === 'RUNNING');
  const errorsFor = (intent: string): FieldErrors<DeviceField> =>
    result?.intent === intent ? (result.errors ?? {}) : {};
  const refusedFor = (intent: string) =>
    result?.intent === intent && result.refused ? (
      <p className="refused" role="alert">
        {result.refused}
      </p>
    ) : null;
  return (
    <>
      <p>
        <Link to="/devices">← Devices</Link>
      </p>
      <h1>{device.name}</h1>
      {result?.done ? (
        <p className="notice" role="status">
          {result.done}
        </p>
      ) : null}
      <div className="grid2">
        <section aria-labelledby="facts-h">
          <h2 id="facts-h">Device</h2>
          <dl className="facts">
            <dt>Id</dt>
            <dd>{device.id}</dd>
            <dt>User</dt>
            <dd>{device.userName ?? device.userId}</dd>
            <dt>Status</dt>
            <dd>
              <strong data-testid="device-status">{device.status}</strong>
              {device.revokedReason ? ` — ${device.revokedReason}` : ''}
            </dd>
            <dt>Registered</dt>
            <dd>{formatTime(device.registeredAt)}</dd>
            <dt>Last sync</dt>
            <dd>{formatTime(device.lastSyncAt)}</dd>
            <dt>Last accepted sequence</dt>
            <dd>{device.lastAcceptedSeq}</dd>
          </dl>
        </section>
        <section aria-labelledby="queue-h">
          <h2 id="queue-h">Queue health</h2>
          <dl className="facts">
            <dt>Pending events</dt>
            <dd>{device.pendingQueueSize}</dd>
            <dt>Oldest pending</dt>
            <dd>{formatTime(device.oldestPendingAt)}</dd>
            <dt>Failures in a row</dt>
            <dd>{device.consecutiveSyncFailures}</dd>
            <dt>Queue</dt>
            <dd>
              {device.heldByConflictId ? (
                <Link to={`/conflicts/${device.heldByConflictId}`}>held by a conflict</Link>
              ) : (
                'moving'
              )}
            </dd>
          </dl>
        </section>
      </div>

      <section aria-labelledby="skew-h">
        <h2 id="skew-h">Clock-skew flags</h2>
        {clockSkewFlags.length === 0 ? (
          <p>No open flags.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Event</th>
                  <th>Sequence</th>
                  <th>Issues</th>
                  <th>Ordering affected</th>
                  <th>Flagged</th>
                </tr>
              </thead>
              <tbody>
                {clockSkewFlags.map((f) => (
                  <tr key={f.id}>
                    <td>{f.eventId}</td>
                    <td>{f.sequenceNumber ?? '—'}</td>
                    <td>{JSON.stringify(f.issues)}</td>
                    <td>{f.orderingAffected ? 'yes' : 'no'}</td>
                    <td>{formatTime(f.flaggedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager page={page} pageSize={PAGE_SIZE} total={device.openClockSkewFlags} label="Clock-skew flags" />
      </section>

      {revocation ? (
        <section aria-labelledby="revocation-h">
          <h2 id="revocation-h">Revocation</h2>
          <p>
            Workflow <a href={revocation.url}>{revocation.workflowId}</a>:{' '}
            <strong data-testid="revocation-status">{revocation.status.toLowerCase()}</strong>
          </p>
          <ol>
            {revocation.steps.map((s) => (
              <li key={s.label}>
                {s.done ? '✓ ' : '… '}
                {s.label}
              </li>
            ))}
          </ol>
          {revocation.result ? (
            <p>
              {revocation.result.quarantined} event(s) quarantined, {revocation.result.disputeIds.length} dispute(s)
              opened.
            </p>
          ) : null}
        </section>
      ) : null}

      {device.status !== 'revoked' ? (
        <>
          <section aria-labelledby="suspend-h">
            <h2 id="suspend-h">{device.status === 'suspended' ? 'Reactivate' : 'Suspend'}</h2>
            <p>
              {device.status === 'suspended'
                ? 'The device may sync again.'
                : 'The gateway refuses the device until it is reactivated. Nothing on it is lost.'}
            </p>
            {refusedFor(device.status === 'suspended' ? 'reactivate' : 'suspend')}
            <ReasonForm
              intent={device.status === 'suspended' ? 'reactivate' : 'suspend'}
              label={device.status === 'suspended' ? 'Reactivate' : 'Suspend'}
              errors={errorsFor(device.status === 'suspended' ? 'reactivate' : 'suspend')}
              busy={busy}
            />
          </section>
          <section aria-labelledby="revoke-h">
            <h2 id="revoke-h">Revoke</h2>
            <p>
              For a lost or stolen phone. The device can do nothing more; what it had queued is quarantined; the stock
              on its user's vehicles is put under dispute; the user is told. This cannot be undone.
            </p>
            {refusedFor('revoke')}
            <ReasonForm intent="revoke" label="Revoke device" errors={errorsFor('revoke')} busy={busy} danger>
              <div>
                <input
                  type="checkbox"
                  id="revoke-confirm"
                  name="confirm"
                  value="yes"
                  {...invalidProps('revoke-confirm', errorsFor('revoke').confirm)}
                />{' '}
                <label htmlFor="revoke-confirm" style={{ display: 'inline' }}>
                  I understand that this cannot be undone
                </label>
                <FieldError fieldId="revoke-confirm" message={errorsFor('revoke').confirm} />
              </div>
            </ReasonForm>
          </section>
          <section aria-labelledby="lost-h">
            <h2 id="lost-h">Acknowledge lost sequence numbers</h2>
            <p>
              When a phone's storage was corrupted, events it never uploaded may be gone. Its next event is then refused
              with a gap, for ever. Acknowledge the missing numbers (from {device.lastAcceptedSeq + 1} up to the one you
              enter) to let its queue move on. Nothing is added to the stock records.
            </p>
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="acknowledge_lost" />
              <div>
                <label htmlFor="throughSequence">Last lost sequence number</label>
                <input
                  id="throughSequence"
                  name="throughSequence"
                  inputMode="numeric"
                  {...invalidProps('throughSequence', errorsFor('acknowledge_lost').throughSequence)}
                />
                <FieldError fieldId="throughSequence" message={errorsFor('acknowledge_lost').throughSequence} />
              </div>
              <div>
                <label htmlFor="acknowledge_lost-reason">Reason</label>
                <textarea
                  id="acknowledge_lost-reason"
                  name="reason"
                  rows={2}
                  {...invalidProps('acknowledge_lost-reason', errorsFor('acknowledge_lost').reason)}
                />
                <FieldError fieldId="acknowledge_lost-reason" message={errorsFor('acknowledge_lost').reason} />
              </div>
              <div>
                <button type="submit" disabled={busy}>
                  Acknowledge as lost
                </button>
              </div>
            </Form>
          </section>
        </>
      ) : null}
    </>
  );
}

function ReasonForm(props: {
  intent: string;
  label: string;
  errors: FieldErrors<DeviceField>;
  busy: boolean;
  danger?: boolean;
  children?: React.ReactNode;
}) {
  const id = `${props.intent}-reason`;
  return (
    <Form method="post" className="stack">
      <input type="hidden" name="intent" value={props.intent} />
      <div>
        <label htmlFor={id}>Reason</label>
        <textarea id={id} name="reason" rows={2} {...invalidProps(id, props.errors.reason)} />
        <FieldError fieldId={id} message={props.errors.reason} />
      </div>
      {props.children}
      <div>
        <button type="submit" className={props.danger ? 'danger' : undefined} disabled={props.busy}>
          {props.label}
        </button>
      </div>
    </Form>
  );
}

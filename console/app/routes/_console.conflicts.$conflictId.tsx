/**
 * The resolution screen (spec "Manager Resolution Interface"): the technician's event, the server
 * state now, the conflicting events, each option with its consequence spelled out, the escalation
 * timers and a link to the workflow. Decisions go to the workflow as `decide`/`approve` updates;
 * a refusal from the workflow's validator is shown next to the form. Email links land here.
 */
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { requireActionUser, requireUser } from '~/lib/auth.server';
import { findConflict, loadConflictPage, sendApproval, sendDecision } from '~/lib/conflicts.server';
import { validateDecisionForm, type DecisionField } from '~/lib/conflict-decision-form';
import { checkReason, field, readForm, unknownAction, type FieldErrors } from '~/lib/forms';
import { formatTime } from '~/lib/format';
import { FieldError, invalidProps } from '~/components/field-error';

export const meta: MetaFunction = () => [{ title: 'Conflict · PCO Inventory console' }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const page = await loadConflictPage(context, params.conflictId ?? '');
  if (!page) throw new Response('There is no conflict with this id.', { status: 404 });
  return { ...page, user: { id: user.id, role: user.role } };
}

type ActionResult = {
  intent: string;
  errors?: FieldErrors<DecisionField | 'note'>;
  refused?: string;
  outcome?: { status: string; message?: string };
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireActionUser(request, context);
  const conflictId = params.conflictId ?? '';
  const conflict = await findConflict(context, conflictId);
  if (!conflict) throw new Response('There is no conflict with this id.', { status: 404 });
  const form = await readForm(request);
  const intent = field(form, 'intent');
  if (intent === 'decide') {
    const checked = validateDecisionForm(form, conflict.event.quantity);
    if (!checked.ok) return data<ActionResult>({ intent, errors: checked.errors }, { status: 400 });
    const sent = await sendDecision(context, user, conflictId, checked.choice, checked.decision);
    if (!sent.ok) return data<ActionResult>({ intent, refused: sent.reason }, { status: 409 });
    return {
      intent,
      outcome: { status: sent.value.status, message: 'message' in sent.value ? sent.value.message : undefined },
    } satisfies ActionResult;
  }
  if (intent === 'approve' || intent === 'reject') {
    const note = field(form, 'note');
    const problem =
      intent === 'reject'
        ? checkReason(note, 'the reason for rejecting')
        : note.length > 500
          ? 'Keep it under 500 characters.'
          : undefined;
    if (problem) return data<ActionResult>({ intent, errors: { note: problem } }, { status: 400 });
    const sent = await sendApproval(context, user, conflictId, intent === 'approve', note);
    if (!sent.ok) return data<ActionResult>({ intent, refused: sent.reason }, { status: 409 });
    return {
      intent,
      outcome: { status: sent.value.status, message: 'message' in sent.value ? sent.value.message : undefined },
    } satisfies ActionResult;
  }
  return unknownAction();
}

const OUTCOME_TEXT: Record<string, string> = {
  resolved: 'Resolved. The device is told, and its queue moves on with its next event.',
  awaiting_approval: 'Recorded. A second manager or admin must approve before anything is written.',
  approval_rejected: 'Rejected. The conflict stays open for another decision.',
  still_conflicted: 'Not applied: there is too little stock now. The conflict stays open.',
  escalated: 'Escalated.',
};

export default function ConflictScreen() {
  const { screen, workflow, workflowUrl, user } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const busy = useNavigation().state === 'submitting';
  const { conflict, onHandNow, conflictingEvents, device, technician } = screen;
  const event = conflict.event;
  const requested = event.quantity;
  const available = Math.max(0, onHandNow ?? 0);
  const suggested = Math.max(0, Math.min(requested.value, conflict.details.available?.value ?? available, available));
  const shortfall = Math.max(0, requested.value - available);
  const location = conflict.locationId ?? 'its location';
  const errors = result?.errors ?? {};
  const state = workflow.running ? workflow.state : null;
  const open = conflict.status === 'open' && state?.status !== 'resolved';
  const pending = state?.pendingApproval ?? null;

  return (
    <>
      <p>
        <Link to="/conflicts">← Conflicts</Link>
      </p>
      <h1>Conflict: {conflict.type.replace(/_/g, ' ').toLowerCase()}</h1>
      <p>
        <span className={`badge sev-${state?.severity ?? conflict.severity}`}>
          {state?.severity ?? conflict.severity}
        </span>{' '}
        Status <strong>{state?.status ?? conflict.status}</strong> · raised {formatTime(conflict.createdAt)} ·{' '}
        <a href={workflowUrl}>Workflow in the Temporal UI</a>
      </p>
      <p>{conflict.details.message}</p>

      <div className="grid2">
        <section aria-labelledby="event-h">
          <h2 id="event-h">The technician's event</h2>
          <dl className="facts">
            <dt>Type</dt>
            <dd>{event.eventType}</dd>
            <dt>Quantity</dt>
            <dd>
              {requested.value} {requested.unit} of {event.product}
            </dd>
            <dt>From → to</dt>
            <dd>
              {event.fromLocation ?? '—'} → {event.toLocation ?? '—'}
            </dd>
            <dt>By</dt>
            <dd>{technician ? `${technician.name} (${technician.email})` : event.performedBy}</dd>
            <dt>Made at</dt>
            <dd>{formatTime(event.occurredAt)}</dd>
            <dt>Device</dt>
            <dd>
              {device ? <Link to={`/devices/${device.id}`}>{device.name}</Link> : '—'} (sequence{' '}
              {conflict.sequenceNumber ?? '—'})
            </dd>
            <dt>Device queue</dt>
            <dd>{device?.heldByConflictId === conflict.conflictId ? 'held by this conflict' : 'moving'}</dd>
          </dl>
        </section>
        <section aria-labelledby="server-h">
          <h2 id="server-h">Server state now</h2>
          <dl className="facts">
            <dt>On hand at {location}</dt>
            <dd>
              <strong>
                {onHandNow ?? '—'} {requested.unit}
              </strong>
            </dd>
            <dt>Available when detected</dt>
            <dd>
              {conflict.details.available
                ? `${conflict.details.available.value} ${conflict.details.available.unit}`
                : '—'}
            </dd>
            <dt>Requested</dt>
            <dd>
              {requested.value} {requested.unit}
            </dd>
          </dl>
        </section>
      </div>

      <section aria-labelledby="conflicting-h">
        <h2 id="conflicting-h">Conflicting events</h2>
        {conflictingEvents.length === 0 ? (
          <p>None recorded (the conflict does not depend on other events).</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Position</th>
                  <th>Type</th>
                  <th>Quantity</th>
                  <th>From → to</th>
                  <th>By</th>
                  <th>Made at</th>
                </tr>
              </thead>
              <tbody>
                {conflictingEvents.map((e) => (
                  <tr key={e.position}>
                    <td>{e.position}</td>
                    <td>{e.eventType}</td>
                    <td>
                      {typeof e.quantity === 'object' && e.quantity
                        ? `${(e.quantity as { value: number }).value} ${(e.quantity as { unit: string }).unit}`
                        : '—'}
                    </td>
                    <td>
                      {e.fromLocation ?? '—'} → {e.toLocation ?? '—'}
                    </td>
                    <td>{e.performedBy}</td>
                    <td>{formatTime(e.occurredAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="timers-h">
        <h2 id="timers-h">Escalation timers</h2>
        {workflow.running ? (
          <ul>
            {workflow.timers.map((t) => (
              <li key={t.name}>
                <strong>{t.name}</strong>: {formatTime(t.dueAt)} ({t.passed ? 'passed' : 'pending'}). {t.consequence}
              </li>
            ))}
            <li>
              Technician acknowledged:{' '}
              {workflow.state.acknowledgedAt ? formatTime(workflow.state.acknowledgedAt) : 'not yet'}
            </li>
            {workflow.state.escalatedAt ? (
              <li>
                Escalated to managers by the technician at {formatTime(workflow.state.escalatedAt)}
                {workflow.state.escalationNote ? <>: “{workflow.state.escalationNote}”</> : null}
              </li>
            ) : null}
            {workflow.state.emails.map((m, i) => (
              <li key={i}>
                Emailed {m.audience} ({m.reason}) at {formatTime(m.at)}
              </li>
            ))}
          </ul>
        ) : (
          <p className="refused">{workflow.reason}</p>
        )}
      </section>

      {result?.outcome ? (
        <p className="notice" role="status">
          {OUTCOME_TEXT[result.outcome.status] ?? result.outcome.status}
          {result.outcome.message ? ` ${result.outcome.message}` : ''}
        </p>
      ) : null}
      {state?.lastAttempt && open ? (
        <p className="muted">
          Last attempt: {state.lastAttempt.option} by {state.lastAttempt.by.personId} — {state.lastAttempt.message}
        </p>
      ) : null}

      {state?.resolution ? (
        <section aria-labelledby="resolution-h">
          <h2 id="resolution-h">Resolution</h2>
          <p>
            {state.resolution.option.replace('_', ' ')} by {state.resolution.decidedBy.personId}
            {state.resolution.approvedBy ? `, approved by ${state.resolution.approvedBy.personId}` : ''} at{' '}
            {formatTime(state.resolution.resolvedAt)}; {state.resolution.appliedQuantity} {requested.unit} applied.
          </p>
        </section>
      ) : null}

      {open && workflow.running && pending ? (
        <section aria-labelledby="approve-h">
          <h2 id="approve-h">Approval needed</h2>
          <p>
            {pending.decidedBy.personId} chose <strong>accept local</strong> at {formatTime(pending.requestedAt)}: an
            adjustment of +{shortfall} {requested.unit} at {location}, then the whole event.{' '}
            {pending.decidedBy.personId === user.id
              ? 'You made this decision: another manager or admin must approve it.'
              : 'Approve to write it, or reject with a reason.'}
          </p>
          {result?.refused && (result.intent === 'approve' || result.intent === 'reject') ? (
            <p className="refused" role="alert" id="decision-refused">
              Refused by the workflow: {result.refused}
            </p>
          ) : null}
          <Form method="post" className="stack">
            <div>
              <label htmlFor="note">Note (required to reject)</label>
              <textarea id="note" name="note" rows={2} {...invalidProps('note', errors.note)} />
              <FieldError fieldId="note" message={errors.note} />
            </div>
            <div>
              <button type="submit" name="intent" value="approve" disabled={busy}>
                Approve
              </button>{' '}
              <button type="submit" name="intent" value="reject" className="secondary" disabled={busy}>
                Reject
              </button>
            </div>
          </Form>
        </section>
      ) : null}

      {open && workflow.running && !pending ? (
        <section aria-labelledby="decide-h">
          <h2 id="decide-h">Decide</h2>
          {result?.refused && result.intent === 'decide' ? (
            <p className="refused" role="alert" id="decision-refused">
              Refused by the workflow: {result.refused}
            </p>
          ) : null}
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="decide" />
            <fieldset id="option" {...invalidProps('option', errors.option)}>
              <legend>What should happen to the technician's event?</legend>
              <FieldError fieldId="option" message={errors.option} />
              <Option
                value="accept_server"
                title="Accept server"
                description="Discard the technician's event and keep the server's state."
              >
                Nothing is written to the log; on hand at {location} stays {available} {requested.unit}. The device
                drops the event and its queue moves on.
              </Option>
              <Option
                value="accept_local"
                title="Accept local (creates an adjustment)"
                description="Force the technician's event through."
              >
                An inventory adjustment of +{shortfall} {requested.unit} is recorded at {location}, then all{' '}
                {requested.value} {requested.unit} are applied, leaving{' '}
                {Math.max(0, available + shortfall - requested.value)}. Needs a second manager's or an admin's approval
                before anything is written. Give a reason below.
              </Option>
              <Option
                value="merge"
                title="Merge (partial)"
                description={`Apply part of the event: suggested ${suggested} ${requested.unit}, editable below.`}
              >
                The chosen quantity is applied (at most {requested.value}); the rest of the technician's event is
                dropped. On hand at {location} goes down by that quantity.
              </Option>
              <Option value="backorder" title="Backorder the remainder" description="Merge, and request the rest.">
                The chosen quantity is applied now and a request for the remainder ({requested.value} minus the
                quantity) is created for {location}.
              </Option>
              <Option
                value="investigate"
                title="Investigate (opens a dispute)"
                description="Hold the stock question for investigation."
              >
                A dispute is opened; no stock moves; the device's queue moves on. Give what should be investigated
                below.
              </Option>
            </fieldset>
            <div>
              <label htmlFor="quantity">Quantity to apply, in {requested.unit} (merge and backorder)</label>
              <input
                id="quantity"
                name="quantity"
                inputMode="decimal"
                defaultValue={String(suggested)}
                {...invalidProps('quantity', errors.quantity)}
              />
              <FieldError fieldId="quantity" message={errors.quantity} />
            </div>
            <div>
              <label htmlFor="reason">Reason (accept local and investigate)</label>
              <textarea id="reason" name="reason" rows={2} {...invalidProps('reason', errors.reason)} />
              <FieldError fieldId="reason" message={errors.reason} />
            </div>
            <div>
              <button type="submit" disabled={busy}>
                Commit decision
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </>
  );
}

function Option({
  value,
  title,
  description,
  children,
}: {
  value: string;
  title: string;
  description: string;
  children: React.ReactNode;
}) {
  const id = `option-${value}`;
  return (
    <div className="option">
      <input type="radio" id={id} name="option" value={value} aria-describedby={`${id}-consequence`} />{' '}
      <label htmlFor={id} style={{ display: 'inline' }}>
        {title}
      </label>
      <div className="muted">{description}</div>
      <p id={`${id}-consequence`} style={{ margin: '0.25rem 0 0' }}>
        <strong>Consequence:</strong> {children}
      </p>
    </div>
  );
}

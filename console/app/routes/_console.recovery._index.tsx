/**
 * Mass recovery, step one: the triage preview (devices in admission order: priority, queue size,
 * last sync; the regulated products their users hold), then start a staggered resync. Earlier
 * runs are listed below (Temporal visibility), newest first.
 */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { requireActionUser, requireUser } from '~/lib/auth.server';
import { PAGE_SIZE, pageOf, type FieldErrors, readForm } from '~/lib/forms';
import { formatTime } from '~/lib/format';
import { validateStartRecovery, type StartField } from '~/lib/recovery-forms';
import { listRecoveryRuns, startRecovery, triagePreview } from '~/lib/recovery.server';
import { FieldError, invalidProps } from '~/components/field-error';
import { Pager } from '~/components/pager';

export const meta: MetaFunction = () => [{ title: 'Mass recovery · PCO Inventory console' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context);
  const url = new URL(request.url);
  const hoursText = url.searchParams.get('offlineHours') ?? '';
  const hours = /^\d{1,4}$/.test(hoursText) && Number(hoursText) > 0 ? Number(hoursText) : undefined;
  const page = pageOf(url);
  const runsPage = Number(url.searchParams.get('runs')) > 1 ? Math.floor(Number(url.searchParams.get('runs'))) : 1;
  const offlineSince = hours ? new Date(context.services.now().getTime() - hours * 3_600_000) : undefined;
  const [triage, runs] = await Promise.all([
    triagePreview(context, offlineSince, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
    listRecoveryRuns(context, { limit: 10, offset: (runsPage - 1) * 10 }),
  ]);
  return { triage, runs, runsPage, page, hours: hours ?? null, badHours: hoursText !== '' && !hours };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireActionUser(request, context);
  const checked = validateStartRecovery(await readForm(request));
  if (!checked.ok) return data({ errors: checked.errors }, { status: 400 });
  const workflowId = await startRecovery(context, user, checked.value);
  return redirect(`/recovery/${encodeURIComponent(workflowId)}`);
}

export default function Recovery() {
  const { triage, runs, runsPage, page, hours, badHours } = useLoaderData<typeof loader>();
  const errors: FieldErrors<StartField> = useActionData<typeof action>()?.errors ?? {};
  const busy = useNavigation().state === 'submitting';
  const input = (name: StartField, label: string, value: string, hint?: string) => (
    <div>
      <label htmlFor={name}>{label}</label>
      {hint ? (
        <div className="muted" id={`${name}-hint`}>
          {hint}
        </div>
      ) : null}
      <input
        id={name}
        name={name}
        defaultValue={value}
        inputMode="decimal"
        {...invalidProps(name, errors[name], hint ? `${name}-hint` : undefined)}
      />
      <FieldError fieldId={name} message={errors[name]} />
    </div>
  );
  return (
    <>
      <h1>Mass recovery</h1>
      <section aria-labelledby="triage-h">
        <h2 id="triage-h">1. Triage preview</h2>
        <Form method="get" className="filters" aria-label="Triage filter">
          <div>
            <label htmlFor="offlineHours">Only devices not synced for (hours)</label>
            <input id="offlineHours" name="offlineHours" defaultValue={hours ?? ''} inputMode="numeric" />
          </div>
          <button type="submit">Preview</button>
        </Form>
        {badHours ? (
          <p className="refused" role="alert">
            Hours must be a whole number from 1 to 9999: showing every active device.
          </p>
        ) : null}
        <p data-testid="triage-summary">
          <strong>{triage.total}</strong> device(s) would be planned, <strong>{triage.priorityDevices}</strong> with
          priority, holding <strong>{triage.pendingEvents}</strong> pending event(s).
        </p>
        {triage.total === 0 ? (
          <p>No device to recover.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Order</th>
                  <th>Device</th>
                  <th>User</th>
                  <th>Queue size</th>
                  <th>Last sync</th>
                  <th>Regulated products held</th>
                  <th>Priority</th>
                </tr>
              </thead>
              <tbody>
                {triage.rows.map((r, i) => (
                  <tr key={r.deviceId}>
                    <td>{(page - 1) * PAGE_SIZE + i + 1}</td>
                    <td>
                      <Link to={`/devices/${encodeURIComponent(r.deviceId)}`}>{r.name}</Link>
                    </td>
                    <td>{r.userName ?? '—'}</td>
                    <td>{r.pendingQueueSize}</td>
                    <td>{formatTime(r.lastSyncAt)}</td>
                    <td>{r.regulatedHeld.length ? r.regulatedHeld.join(', ') : 'none'}</td>
                    <td>{r.priority ? 'yes' : 'no'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager page={page} pageSize={PAGE_SIZE} total={triage.total} label="Triage" />
      </section>

      <section aria-labelledby="start-h">
        <h2 id="start-h">2. Start a staggered resync</h2>
        <p>
          Devices are admitted in the order above, one wave at a time; every device still waiting is told when to come
          back. A wave whose conflict rate passes the threshold pauses the run until you resume it.
        </p>
        <Form method="post" className="stack" aria-label="Start a staggered resync">
          {input('waveSize', 'Wave size (devices per wave)', '50')}
          {input('intervalSeconds', 'Interval between waves (seconds)', '30')}
          {input('threshold', 'Pause above this conflict rate (0 to 1)', '0.2')}
          {input('syncTimeoutSeconds', 'Wait for a wave to sync at most (seconds)', '120')}
          {input('pollSeconds', "Check a wave's sync every (seconds)", '5')}
          {input(
            'offlineSinceHours',
            'Only devices not synced for (hours, optional)',
            hours ? String(hours) : '',
            'Empty: every active device.',
          )}
          <div>
            <button type="submit" disabled={busy}>
              Start resync
            </button>
          </div>
        </Form>
      </section>

      <section aria-labelledby="runs-h">
        <h2 id="runs-h">Runs</h2>
        {runs.rows.length === 0 ? (
          <p>No runs yet.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Run</th>
                  <th>Status</th>
                  <th>Started</th>
                </tr>
              </thead>
              <tbody>
                {runs.rows.map((r) => (
                  <tr key={r.workflowId}>
                    <td>
                      <Link to={`/recovery/${encodeURIComponent(r.workflowId)}`}>{r.workflowId}</Link>
                    </td>
                    <td>{r.status.toLowerCase()}</td>
                    <td>{formatTime(r.startTime)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <nav className="pager" aria-label="Run pages">
          {runsPage > 1 ? <Link to={`?runs=${runsPage - 1}`}>← Newer</Link> : <span className="muted">← Newer</span>}
          <span>Page {runsPage}</span>
          {runs.hasMore ? <Link to={`?runs=${runsPage + 1}`}>Older →</Link> : <span className="muted">Older →</span>}
        </nav>
      </section>
    </>
  );
}

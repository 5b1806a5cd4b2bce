/**
 * One mass-recovery run, wave by wave (its `recoveryProgress` query, reloaded every 2 s while it
 * runs), with pause, resume, abort and a new wave size; each control shows on the page within
 * seconds because the next reload reads the workflow's own state.
 */
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { requireActionUser, requireUser } from '~/lib/auth.server';
import { readForm, type FieldErrors } from '~/lib/forms';
import { validateControl, type ControlField } from '~/lib/recovery-forms';
import { controlRecovery, recoveryStatus, RUN_ID_PATTERN } from '~/lib/recovery.server';
import { FieldError, invalidProps } from '~/components/field-error';
import { usePolling } from '~/components/use-polling';

export const meta: MetaFunction = () => [{ title: 'Recovery run · PCO Inventory console' }];

async function load(context: Parameters<typeof recoveryStatus>[0], workflowId: string) {
  if (!RUN_ID_PATTERN.test(workflowId)) throw new Response('There is no recovery run with this id.', { status: 404 });
  const status = await recoveryStatus(context, workflowId);
  if (!status.ok) throw new Response(`Recovery run ${workflowId}: ${status.reason}`, { status: 404 });
  return status.value;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUser(request, context);
  return { workflowId: params.workflowId!, ...(await load(context, params.workflowId ?? '')) };
}

type ActionResult = { intent: string; errors?: FieldErrors<ControlField>; refused?: string; done?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireActionUser(request, context);
  const workflowId = params.workflowId ?? '';
  await load(context, workflowId);
  const checked = validateControl(await readForm(request));
  if (!checked.ok) return data<ActionResult>({ intent: checked.intent, errors: checked.errors }, { status: 400 });
  const sent = await controlRecovery(context, user, workflowId, checked);
  if (!sent.ok) return data<ActionResult>({ intent: checked.intent, refused: sent.reason }, { status: 409 });
  return { intent: checked.intent, done: sent.value } satisfies ActionResult;
}

export default function RecoveryRun() {
  const { workflowId, progress, status, url } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const busy = useNavigation().state === 'submitting';
  const live = status === 'RUNNING';
  usePolling(live);
  const share = progress.total === 0 ? 0 : Math.round((progress.admitted / progress.total) * 100);
  const errors = result?.errors ?? {};
  return (
    <>
      <p>
        <Link to="/recovery">← Mass recovery</Link>
      </p>
      <h1>Recovery run</h1>
      <p>
        {workflowId} · <a href={url}>Workflow in the Temporal UI</a>
      </p>
      {result?.done ? (
        <p className="notice" role="status">
          {result.done}
        </p>
      ) : null}
      {result?.refused ? (
        <p className="refused" role="alert">
          Refused by the workflow: {result.refused}
        </p>
      ) : null}
      <div className="cards" aria-live="polite">
        <div className="card">
          <div className="label">Phase</div>
          <div className="value" data-testid="phase">
            {progress.phase}
          </div>
        </div>
        <div className="card">
          <div className="label">Admitted</div>
          <div className="value" data-testid="admitted">
            {progress.admitted} of {progress.total}
          </div>
        </div>
        <div className="card">
          <div className="label">Synced</div>
          <div className="value">{progress.synced}</div>
        </div>
        <div className="card">
          <div className="label">Waves done</div>
          <div className="value">{progress.wavesDone}</div>
        </div>
        <div className="card">
          <div className="label">Wave size</div>
          <div className="value" data-testid="wave-size">
            {progress.waveSize}
          </div>
        </div>
      </div>
      <p>
        <label htmlFor="progress-bar">Admitted so far</label>
        <progress
          id="progress-bar"
          max={100}
          value={share}
          style={{ width: '100%', maxWidth: '28rem', height: '1.25rem' }}
        >
          {share} %
        </progress>
      </p>
      {progress.pauseReason ? <p className="refused">Why: {progress.pauseReason}</p> : null}

      <section aria-labelledby="waves-h">
        <h2 id="waves-h">Recent waves</h2>
        {progress.recentWaves.length === 0 ? (
          <p>No wave finished yet.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Wave</th>
                  <th>Admitted</th>
                  <th>Synced</th>
                  <th>Conflict rate</th>
                </tr>
              </thead>
              <tbody>
                {progress.recentWaves.map((w) => (
                  <tr key={w.wave}>
                    <td>{w.wave}</td>
                    <td>{w.admitted}</td>
                    <td>{w.synced}</td>
                    <td>{(w.conflictRate * 100).toFixed(1)} %</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {live && progress.phase !== 'aborted' && progress.phase !== 'completed' ? (
        <section aria-labelledby="controls-h">
          <h2 id="controls-h">Controls</h2>
          <div className="grid2">
            <Form method="post" className="stack" aria-label="Pause, resume or abort">
              <div>
                <label htmlFor="reason">Reason (optional, for pause and abort)</label>
                <input id="reason" name="reason" {...invalidProps('reason', errors.reason)} />
                <FieldError fieldId="reason" message={errors.reason} />
              </div>
              <div style={{ display: 'flex', gap: '0.5rem', flexWrap: 'wrap' }}>
                {progress.phase === 'paused' ? (
                  <button type="submit" name="intent" value="resume" disabled={busy}>
                    Resume
                  </button>
                ) : (
                  <button type="submit" name="intent" value="pause" disabled={busy}>
                    Pause
                  </button>
                )}
                <button type="submit" name="intent" value="abort" className="danger" disabled={busy}>
                  Abort
                </button>
              </div>
            </Form>
            <Form method="post" className="stack" aria-label="Change the wave size">
              <input type="hidden" name="intent" value="wave_size" />
              <div>
                <label htmlFor="waveSize">New wave size</label>
                <input
                  id="waveSize"
                  name="waveSize"
                  inputMode="numeric"
                  defaultValue={String(progress.waveSize)}
                  {...invalidProps('waveSize', errors.waveSize)}
                />
                <FieldError fieldId="waveSize" message={errors.waveSize} />
              </div>
              <div>
                <button type="submit" disabled={busy}>
                  Change wave size
                </button>
              </div>
            </Form>
          </div>
        </section>
      ) : null}
    </>
  );
}

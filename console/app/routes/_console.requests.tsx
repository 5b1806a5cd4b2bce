/**
 * Technicians' stock requests: approve or deny the pending ones (a denial needs a reason). The
 * decision is a RequestApproved / RequestDenied event appended through the store's server-event
 * path, audited in the same transaction. Where the approve/cancel race rules decided a request's
 * state (two offline decisions crossing), the row says which rule and why.
 */
import {
  data,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import type { RequestStatus } from '@pco/domain';
import { decideRequest, listRequestsPage, readRequestHistory } from '~/lib/store.server';
import { forkEm, requireActionUser, requireUser } from '~/lib/auth.server';
import { PAGE_SIZE, pageOf, type FieldErrors, readForm } from '~/lib/forms';
import { formatTime } from '~/lib/format';
import { explainRequestRaces } from '~/lib/request-race';
import { REQUEST_STATUSES, validateRequestForm, type RequestField } from '~/lib/request-forms';
import { FieldError, invalidProps } from '~/components/field-error';
import { Pager } from '~/components/pager';
import { RouteError } from '~/components/route-error';
import { TableRegion } from '~/components/table-region';
import pagesCss from '~/pages.css?url';
import { FilterSelect, plainChoices } from '~/components/filter-select';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: pagesCss }];
export const meta: MetaFunction = () => [{ title: 'Requests · PCO Inventory console' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context);
  const url = new URL(request.url);
  const asked = url.searchParams.get('status') ?? '';
  const status = REQUEST_STATUSES.includes(asked as RequestStatus) ? (asked as RequestStatus) : undefined;
  const page = pageOf(url);
  const em = forkEm(context);
  const { rows, total } = await listRequestsPage(em, { status }, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const withNotes = await Promise.all(
    rows.map(async (r) => ({
      ...r,
      raceNotes: r.status === 'pending' ? [] : explainRequestRaces(r.id, await readRequestHistory(em, r.id)),
    })),
  );
  return { rows: withNotes, total, page, status: status ?? '' };
}

type ActionResult = { requestId: string; errors?: FieldErrors<RequestField>; refused?: string; done?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireActionUser(request, context);
  const checked = validateRequestForm(await readForm(request));
  if (!checked.ok) return data<ActionResult>({ requestId: checked.requestId, errors: checked.errors }, { status: 400 });
  const decided = await decideRequest(forkEm(context), {
    requestId: checked.requestId,
    decision: checked.decision,
    reason: checked.reason,
    actorId: user.id,
    now: context.services.now(),
  });
  if (!decided.ok)
    return data<ActionResult>(
      { requestId: checked.requestId, refused: `${decided.error.code}: ${decided.error.message}` },
      { status: 409 },
    );
  return {
    requestId: checked.requestId,
    done: `Request ${checked.requestId} ${checked.decision === 'approve' ? 'approved' : 'denied'} (event at log position ${decided.value.position}).`,
  } satisfies ActionResult;
}

export default function Requests() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const busy = useNavigation().state === 'submitting';
  return (
    <>
      <h1>Stock requests</h1>
      {result?.done ? (
        <p className="notice" role="status">
          {result.done}
        </p>
      ) : null}
      {result?.refused ? (
        <p className="refused" role="alert">
          {result.refused}
        </p>
      ) : null}
      <Form method="get" className="filters" aria-label="Filter requests">
        <FilterSelect
          name="status"
          label="Status"
          value={d.status}
          empty="any"
          choices={plainChoices(REQUEST_STATUSES)}
        />
        <button type="submit">Filter</button>
      </Form>
      {d.total === 0 ? (
        <p>No requests match.</p>
      ) : (
        <TableRegion label="Requests">
          <table>
            <thead>
              <tr>
                <th>Request</th>
                <th>Product</th>
                <th>Quantity</th>
                <th>To</th>
                <th>Requested by</th>
                <th>Status</th>
                <th>Decide</th>
              </tr>
            </thead>
            <tbody>
              {d.rows.map((r) => {
                const errors = result?.requestId === r.id ? (result.errors ?? {}) : {};
                const reasonId = `reason-${r.id}`.replace(/[^A-Za-z0-9_-]/g, '_');
                return (
                  <tr key={r.id} data-request-id={r.id}>
                    <td>
                      {r.id}
                      <div className="muted">{formatTime(r.createdAt)}</div>
                    </td>
                    <td>{r.productName ?? r.productId}</td>
                    <td>
                      {r.quantity} {r.unit}
                    </td>
                    <td>{r.toLocationName ?? r.toLocation ?? '—'}</td>
                    <td>{r.requestedByName ?? r.requestedBy}</td>
                    <td>
                      <strong data-testid="request-status">{r.status}</strong>
                      {r.decidedAt ? (
                        <div className="muted">
                          by {r.decidedByName ?? r.decidedBy ?? '—'}, claimed {formatTime(r.decidedAt)}
                        </div>
                      ) : null}
                      {r.raceNotes.map((n) => (
                        <p key={`${n.position}-${n.rule}`} className="race-note" data-rule={n.rule}>
                          {n.text}
                        </p>
                      ))}
                      {r.raceConflicts > 0 ? (
                        <div className="muted">{r.raceConflicts} race conflict(s) recorded</div>
                      ) : null}
                    </td>
                    <td>
                      {r.status === 'pending' ? (
                        <Form method="post" className="stack" aria-label={`Decide request ${r.id}`}>
                          <input type="hidden" name="requestId" value={r.id} />
                          <label htmlFor={reasonId}>Reason (needed to deny)</label>
                          <textarea id={reasonId} name="reason" rows={2} {...invalidProps(reasonId, errors.reason)} />
                          <FieldError fieldId={reasonId} message={errors.reason} />
                          <div className="buttons">
                            <button type="submit" name="decision" value="approve" disabled={busy}>
                              Approve
                            </button>{' '}
                            <button type="submit" name="decision" value="deny" className="danger" disabled={busy}>
                              Deny
                            </button>
                          </div>
                        </Form>
                      ) : (
                        <span className="muted">decided</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableRegion>
      )}
      <Pager page={d.page} pageSize={PAGE_SIZE} total={d.total} label="Requests" />
    </>
  );
}

export function ErrorBoundary() {
  return <RouteError page="Requests" />;
}

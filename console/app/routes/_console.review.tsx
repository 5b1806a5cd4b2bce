/**
 * Review queue and disputes: quarantined events from revoked devices, clock-skew flags, review
 * items (e.g. a device revocation to look over) and custody disputes, open or closed, paginated.
 * Each open item closes with an outcome in the manager's words (required); who and when are
 * recorded with it, and the close is audited in the same transaction.
 */
import {
  data,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { closeReviewItem, listReviewItemsPage } from '~/lib/store.server';
import type { ReviewKind } from '@pco/store';
import { forkEm, requireActionUser, requireUser } from '~/lib/auth.server';
import { PAGE_SIZE, pageOf, type FieldErrors, readForm } from '~/lib/forms';
import { formatTime } from '~/lib/format';
import { validateReviewForm, type ReviewField } from '~/lib/review-forms';
import { REVIEW_KIND_LABELS, REVIEW_KIND_VALUES, type ReviewKindValue } from '~/lib/review-kinds';
import { FieldError, invalidProps } from '~/components/field-error';
import { Pager } from '~/components/pager';
import { RouteError } from '~/components/route-error';
import { TableRegion } from '~/components/table-region';
import pagesCss from '~/pages.css?url';
import { FilterSelect } from '~/components/filter-select';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: pagesCss }];
const STATE_CHOICES = [
  { value: 'open', label: 'open items' },
  { value: 'closed', label: 'closed items' },
];

export const meta: MetaFunction = () => [{ title: 'Review queue · PCO Inventory console' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context);
  const url = new URL(request.url);
  const state = url.searchParams.get('state') === 'closed' ? 'closed' : 'open';
  const askedKind = url.searchParams.get('kind') ?? '';
  const kind = (REVIEW_KIND_VALUES as readonly string[]).includes(askedKind)
    ? (askedKind as ReviewKindValue)
    : undefined;
  const page = pageOf(url);
  const { rows, total } = await listReviewItemsPage(
    forkEm(context),
    { state, kind: kind as ReviewKind | undefined },
    { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
  );
  return { rows, total, page, state, kind: kind ?? '' };
}

type ActionResult = { key: string; errors?: FieldErrors<ReviewField>; done?: string };
const keyOf = (kind: string, id: string) => `${kind}:${id}`;

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireActionUser(request, context);
  const checked = validateReviewForm(await readForm(request));
  if (!checked.ok)
    return data<ActionResult>({ key: keyOf(checked.kind, checked.id), errors: checked.errors }, { status: 400 });
  const closed = await closeReviewItem(forkEm(context), {
    kind: checked.kind,
    id: checked.id,
    outcome: checked.outcome,
    actorId: user.id,
    now: context.services.now(),
  });
  if (!closed.ok)
    return data<ActionResult>(
      { key: keyOf(checked.kind, checked.id), errors: { outcome: closed.error.message } },
      { status: 409 },
    );
  return {
    key: keyOf(checked.kind, checked.id),
    done: `${REVIEW_KIND_LABELS[checked.kind]} ${checked.id} closed.`,
  } satisfies ActionResult;
}

const domId = (kind: string, id: string) => `outcome-${kind}-${id}`.replace(/[^A-Za-z0-9_-]/g, '_');

export default function ReviewQueue() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const busy = useNavigation().state === 'submitting';
  return (
    <>
      <h1>Review queue and disputes</h1>
      {result?.done ? (
        <p className="notice" role="status">
          {result.done}
        </p>
      ) : null}
      <Form method="get" className="filters" aria-label="Filter the review queue">
        <FilterSelect name="state" label="Show" value={d.state} choices={STATE_CHOICES} />
        <FilterSelect
          name="kind"
          label="Kind"
          value={d.kind}
          empty="every kind"
          choices={REVIEW_KIND_VALUES.map((k) => ({ value: k, label: REVIEW_KIND_LABELS[k] }))}
        />
        <button type="submit">Show</button>
      </Form>
      {d.total === 0 ? (
        <p>Nothing {d.state === 'open' ? 'waits for review' : 'closed yet'}.</p>
      ) : (
        <TableRegion label="Review items">
          <table>
            <thead>
              <tr>
                <th>Kind</th>
                <th>Item</th>
                <th>Device</th>
                <th>Opened</th>
                <th>{d.state === 'open' ? 'Close with an outcome' : 'Outcome'}</th>
              </tr>
            </thead>
            <tbody>
              {d.rows.map((r) => {
                const key = keyOf(r.kind, r.id);
                const error = result?.key === key ? result.errors?.outcome : undefined;
                const id = domId(r.kind, r.id);
                return (
                  <tr key={key}>
                    <td>{REVIEW_KIND_LABELS[r.kind as ReviewKindValue]}</td>
                    <td>
                      {r.title}
                      <div className="muted">{r.id}</div>
                      <Details details={r.details} />
                    </td>
                    <td>
                      {r.deviceId ? <Link to={`/devices/${encodeURIComponent(r.deviceId)}`}>{r.deviceId}</Link> : '—'}
                    </td>
                    <td>{formatTime(r.openedAt)}</td>
                    <td>
                      {d.state === 'open' ? (
                        <Form method="post" className="stack" aria-label={`Close ${r.id}`}>
                          <input type="hidden" name="kind" value={r.kind} />
                          <input type="hidden" name="id" value={r.id} />
                          <label htmlFor={id}>Outcome</label>
                          <textarea id={id} name="outcome" rows={2} {...invalidProps(id, error)} />
                          <FieldError fieldId={id} message={error} />
                          <div>
                            <button type="submit" disabled={busy}>
                              Close
                            </button>
                          </div>
                        </Form>
                      ) : (
                        <>
                          <div data-testid="outcome">{r.outcome ?? '—'}</div>
                          <div className="muted">
                            by {r.closedBy ?? '—'}, {formatTime(r.closedAt)}
                          </div>
                        </>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableRegion>
      )}
      <Pager page={d.page} pageSize={PAGE_SIZE} total={d.total} label="Review items" />
    </>
  );
}

/** The item's facts as short "key: value" lines (issues of a clock-skew flag, quantities, ids). */
function Details({ details }: { details: unknown }) {
  if (!details || typeof details !== 'object') return null;
  const entries = Object.entries(details as Record<string, unknown>).filter(([, v]) => v !== null && v !== undefined);
  if (entries.length === 0) return null;
  return (
    <ul className="muted compact">
      {entries.map(([k, v]) => (
        <li key={k}>
          {k}: {typeof v === 'object' ? JSON.stringify(v) : String(v)}
        </li>
      ))}
    </ul>
  );
}

export function ErrorBoundary() {
  return <RouteError page="Review queue" />;
}

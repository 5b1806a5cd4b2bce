/**
 * Conflicts, filterable by the conflict workflows' search attributes (status, severity, location,
 * product) and paginated. The list reads the conflicts table, which the workflow keeps in step;
 * the same filter opens in the Temporal UI through the link under the table.
 */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import type { ConflictListFilter } from '@pco/store';
import { requireUser } from '~/lib/auth.server';
import { conflictFilterOptions, conflictsPage } from '~/lib/conflicts.server';
import { PAGE_SIZE, pageOf } from '~/lib/forms';
import { formatTime } from '~/lib/format';
import { workflowListUiUrl } from '~/lib/temporal.server';
import { Pager } from '~/components/pager';
import { FilterSelect, choicesByName, plainChoices } from '~/components/filter-select';

export const meta: MetaFunction = () => [{ title: 'Conflicts · PCO Inventory console' }];

const STATUSES = ['open', 'resolved', 'all'] as const;
const SEVERITIES = ['critical', 'warning', 'info'] as const;

function readFilter(
  url: URL,
  locations: string[],
  products: string[],
): { filter: ConflictListFilter; status: string; warnings: string[] } {
  const warnings: string[] = [];
  const status = url.searchParams.get('status') ?? 'open';
  const severity = url.searchParams.get('severity') ?? '';
  const location = url.searchParams.get('location') ?? '';
  const product = url.searchParams.get('product') ?? '';
  const filter: ConflictListFilter = {};
  if ((STATUSES as readonly string[]).includes(status)) {
    if (status !== 'all') filter.status = status as 'open' | 'resolved';
  } else warnings.push(`Unknown status "${status}": showing every status.`);
  if (severity)
    (SEVERITIES as readonly string[]).includes(severity)
      ? (filter.severity = severity as 'info')
      : warnings.push(`Unknown severity "${severity}" ignored.`);
  if (location)
    locations.includes(location)
      ? (filter.locationId = location)
      : warnings.push(`Unknown location "${location}" ignored.`);
  if (product)
    products.includes(product) ? (filter.productId = product) : warnings.push(`Unknown product "${product}" ignored.`);
  return { filter, status: (STATUSES as readonly string[]).includes(status) ? status : 'all', warnings };
}

function temporalQuery(filter: ConflictListFilter): string {
  const parts = [`WorkflowType = 'conflictResolutionWorkflow'`];
  if (filter.status) parts.push(`ConflictStatus = '${filter.status}'`);
  if (filter.severity) parts.push(`Severity = '${filter.severity}'`);
  if (filter.locationId) parts.push(`LocationId = '${filter.locationId}'`);
  if (filter.productId) parts.push(`ProductId = '${filter.productId}'`);
  return parts.join(' AND ');
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context);
  const url = new URL(request.url);
  const { locations, products } = await conflictFilterOptions(context);
  const { filter, status, warnings } = readFilter(
    url,
    locations.map((l) => l.id),
    products.map((p) => p.id),
  );
  const page = pageOf(url);
  const { rows, total } = await conflictsPage(context, filter, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  return {
    rows,
    total,
    page,
    warnings,
    status,
    filter,
    locations,
    products,
    temporalUrl: workflowListUiUrl(context, temporalQuery(filter)),
  };
}

export default function Conflicts() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Conflicts</h1>
      <Form method="get" className="filters" aria-label="Filter conflicts">
        <FilterSelect name="status" label="Status" value={d.status} choices={plainChoices(STATUSES)} />
        <FilterSelect
          name="severity"
          label="Severity"
          value={d.filter.severity ?? ''}
          empty="any"
          choices={plainChoices(SEVERITIES)}
        />
        <FilterSelect
          name="location"
          label="Location"
          value={d.filter.locationId ?? ''}
          empty="any"
          choices={choicesByName(d.locations)}
        />
        <FilterSelect
          name="product"
          label="Product"
          value={d.filter.productId ?? ''}
          empty="any"
          choices={choicesByName(d.products)}
        />
        <button type="submit">Filter</button>
      </Form>
      {d.warnings.map((w) => (
        <p key={w} className="refused" role="alert">
          {w}
        </p>
      ))}
      {d.total === 0 ? (
        <p>No conflicts match.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Severity</th>
                <th>Conflict</th>
                <th>Status</th>
                <th>Device</th>
                <th>Location</th>
                <th>Product</th>
                <th>Raised</th>
              </tr>
            </thead>
            <tbody>
              {d.rows.map((c) => (
                <tr key={c.conflictId}>
                  <td>
                    <span className={`badge sev-${c.severity}`}>{c.severity}</span>
                  </td>
                  <td>
                    <Link to={`/conflicts/${c.conflictId}`}>{c.type.replace(/_/g, ' ').toLowerCase()}</Link>
                    <div className="muted">{c.message}</div>
                  </td>
                  <td>{c.status}</td>
                  <td>{c.deviceId ?? '—'}</td>
                  <td>{c.locationId ?? '—'}</td>
                  <td>{c.productId ?? '—'}</td>
                  <td>{formatTime(c.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={d.page} pageSize={PAGE_SIZE} total={d.total} label="Conflicts" />
      <p>
        <a href={d.temporalUrl}>Open this filter in the Temporal UI</a>
      </p>
    </>
  );
}

/**
 * Stock on hand by location and product, now or as of a chosen moment (UTC). "As of" folds the
 * domain's projection over the event log as recorded up to that moment, so it answers "what did
 * the company's records say then", and a later late-syncing event does not rewrite it.
 */
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { listFilterOptions, listOnHandPage } from '~/lib/store.server';
import { forkEm, requireUser } from '~/lib/auth.server';
import { PAGE_SIZE, pageOf } from '~/lib/forms';
import { formatTime } from '~/lib/format';
import { readMoment } from '~/lib/period';
import { FieldError, invalidProps } from '~/components/field-error';
import { Pager } from '~/components/pager';
import { RouteError } from '~/components/route-error';
import { TableRegion } from '~/components/table-region';
import pagesCss from '~/pages.css?url';
import { FilterSelect, choicesByName } from '~/components/filter-select';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: pagesCss }];
export const meta: MetaFunction = () => [{ title: 'Inventory · PCO Inventory console' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context);
  const url = new URL(request.url);
  const em = forkEm(context);
  const options = await listFilterOptions(em);
  const locationId = options.locations.some((l) => l.id === url.searchParams.get('location'))
    ? url.searchParams.get('location')!
    : undefined;
  const productId = options.products.some((p) => p.id === url.searchParams.get('product'))
    ? url.searchParams.get('product')!
    : undefined;
  const atText = url.searchParams.get('at') ?? '';
  const moment = readMoment(atText, context.services.now());
  const page = pageOf(url);
  const { rows, total, throughPosition } = await listOnHandPage(
    em,
    { locationId, productId, at: moment.at },
    { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
  );
  return {
    rows,
    total,
    page,
    options,
    throughPosition,
    atError: moment.error ?? null,
    filter: { location: locationId ?? '', product: productId ?? '', at: moment.error ? atText : atText.trim() },
    asOf: moment.at ? moment.at.toISOString() : null,
  };
}

export default function Inventory() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Inventory on hand</h1>
      <p>
        <Link to="/events">Event log with signature and chain checks</Link> ·{' '}
        <Link to="/regulated">Movements of regulated products</Link>
      </p>
      <Form method="get" className="filters" aria-label="Choose what to show">
        <FilterSelect
          name="location"
          label="Location"
          value={d.filter.location}
          empty="every location"
          choices={choicesByName(d.options.locations)}
        />
        <FilterSelect
          name="product"
          label="Product"
          value={d.filter.product}
          empty="every product"
          choices={choicesByName(d.options.products)}
        />
        <div>
          <label htmlFor="at">As of (UTC, empty for now)</label>
          <input
            id="at"
            name="at"
            type="datetime-local"
            step={60}
            defaultValue={d.filter.at}
            {...invalidProps('at', d.atError)}
          />
          <FieldError fieldId="at" message={d.atError} />
        </div>
        <button type="submit">Show</button>
      </Form>
      <p data-testid="as-of">
        {d.asOf
          ? `As of ${formatTime(d.asOf)}: the log folded through position ${d.throughPosition}.`
          : 'Now (the live projection).'}
      </p>
      {d.total === 0 ? (
        <p>No stock on hand matches.</p>
      ) : (
        <TableRegion label="On hand">
          <table>
            <thead>
              <tr>
                <th>Location</th>
                <th>Product</th>
                <th className="num">On hand</th>
                <th>Unit</th>
              </tr>
            </thead>
            <tbody>
              {d.rows.map((r) => (
                <tr key={`${r.locationId}|${r.productId}`}>
                  <td>{r.locationName}</td>
                  <td>{r.productName}</td>
                  <td className="num">{r.quantity}</td>
                  <td>{r.unit}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      <Pager page={d.page} pageSize={PAGE_SIZE} total={d.total} label="On-hand lines" />
    </>
  );
}

export function ErrorBoundary() {
  return <RouteError page="Inventory" />;
}

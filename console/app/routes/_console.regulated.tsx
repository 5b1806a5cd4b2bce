/**
 * Movements of regulated products (pesticides) over a period, with their EPA registration
 * numbers: receipts, transfers, applications at jobs, returns, counts and adjustments.
 */
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { listRegulatedMovementsPage, listProductsPage } from '~/lib/store.server';
import { forkEm, requireUser } from '~/lib/auth.server';
import { PAGE_SIZE, pageOf } from '~/lib/forms';
import { formatTime } from '~/lib/format';
import { readPeriod } from '~/lib/period';
import { Pager } from '~/components/pager';
import { PeriodFilter } from '~/components/period-filter';
import { RouteError } from '~/components/route-error';
import { TableRegion } from '~/components/table-region';
import pagesCss from '~/pages.css?url';
import { FilterSelect } from '~/components/filter-select';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: pagesCss }];
export const meta: MetaFunction = () => [{ title: 'Regulated products · PCO Inventory console' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context);
  const url = new URL(request.url);
  const em = forkEm(context);
  const { period, errors } = readPeriod(url.searchParams, context.services.now());
  const regulated = (await listProductsPage(em, { limit: 1000, offset: 0 })).rows.filter((p) => p.regulated);
  const asked = url.searchParams.get('product') ?? '';
  const productId = regulated.some((p) => p.id === asked) ? asked : undefined;
  const page = pageOf(url);
  const { rows, total } = await listRegulatedMovementsPage(
    em,
    { from: period.start, to: period.end, productId },
    { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
  );
  return {
    rows,
    total,
    page,
    errors,
    period: { from: period.from, to: period.to },
    product: productId ?? '',
    products: regulated.map((p) => ({ id: p.id, name: p.name, epa: p.epaRegistrationNumber })),
  };
}

export default function RegulatedMovements() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Movements of regulated products</h1>
      <p>
        Every logged movement of a product with an EPA registration number. For the periodic application record,
        download the <Link to="/reports">regulated-use report</Link>.
      </p>
      <PeriodFilter from={d.period.from} to={d.period.to} errors={d.errors}>
        <FilterSelect
          name="product"
          label="Product"
          value={d.product}
          empty="every regulated product"
          choices={d.products.map((p) => ({ value: p.id, label: `${p.name} (EPA Reg. No. ${p.epa ?? ''})` }))}
        />
      </PeriodFilter>
      {d.total === 0 ? (
        <p>No movements of regulated products in this period.</p>
      ) : (
        <TableRegion label="Movements">
          <table>
            <thead>
              <tr>
                <th>When</th>
                <th>Movement</th>
                <th>Product</th>
                <th>EPA Reg. No.</th>
                <th className="num">Quantity</th>
                <th>From</th>
                <th>To</th>
                <th>By</th>
              </tr>
            </thead>
            <tbody>
              {d.rows.map((r) => (
                <tr key={r.position}>
                  <td>{formatTime(r.occurredAt)}</td>
                  <td>{r.eventType}</td>
                  <td>{r.productName}</td>
                  <td>{r.epaRegistrationNumber ?? '—'}</td>
                  <td className="num">
                    {r.quantity} {r.unit}
                  </td>
                  <td>{r.fromLocationName ?? r.fromLocation ?? '—'}</td>
                  <td>{r.toLocationName ?? r.toLocation ?? '—'}</td>
                  <td>{r.performedByName ?? r.performedBy}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      <Pager page={d.page} pageSize={PAGE_SIZE} total={d.total} label="Movements" />
    </>
  );
}

export function ErrorBoundary() {
  return <RouteError page="Regulated products" />;
}

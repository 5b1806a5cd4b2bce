/**
 * Reports over a period: usage by product, technician and location; regulated-product use with
 * EPA registration numbers (the periodic pesticide-use record); conflicts and their outcomes.
 * Each is previewed here (paginated) and downloadable as CSV from /reports/<name>/csv.
 */
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { forkEm, requireUser } from '~/lib/auth.server';
import { PAGE_SIZE, pageOf } from '~/lib/forms';
import { formatTime } from '~/lib/format';
import { readPeriod } from '~/lib/period';
import { buildReport, isReportName, REPORTS, type ReportName } from '~/lib/reports.server';
import { Pager } from '~/components/pager';
import { PeriodFilter } from '~/components/period-filter';
import { RouteError } from '~/components/route-error';
import { TableRegion } from '~/components/table-region';
import pagesCss from '~/pages.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: pagesCss }];
export const meta: MetaFunction = () => [{ title: 'Reports · PCO Inventory console' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context);
  const url = new URL(request.url);
  const { period, errors } = readPeriod(url.searchParams, context.services.now());
  const asked = url.searchParams.get('report') ?? 'usage';
  const report: ReportName = isReportName(asked) ? asked : 'usage';
  const table = await buildReport(forkEm(context), report, { from: period.start, to: period.end });
  const page = pageOf(url);
  const query = new URLSearchParams({ from: period.from, to: period.to }).toString();
  // The preview leaves out the id columns (they are in the CSV) so it fits a tablet.
  const shown = table.header.map((h, i) => (/\bid$/i.test(h) ? -1 : i)).filter((i) => i >= 0);
  return {
    report,
    errors,
    period: { from: period.from, to: period.to },
    query,
    page,
    total: table.rows.length,
    header: shown.map((i) => table.header[i]),
    rows: table.rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((row) => shown.map((i) => row[i])),
    reports: (Object.keys(REPORTS) as ReportName[]).map((name) => ({ name, title: REPORTS[name].title })),
  };
}

export default function Reports() {
  const d = useLoaderData<typeof loader>();
  const title = d.reports.find((r) => r.name === d.report)?.title ?? '';
  return (
    <>
      <h1>Reports</h1>
      <PeriodFilter from={d.period.from} to={d.period.to} errors={d.errors}>
        <input type="hidden" name="report" value={d.report} />
      </PeriodFilter>
      <nav aria-label="Reports" className="tabs">
        {d.reports.map((r) => (
          <Link
            key={r.name}
            to={`/reports?report=${r.name}&${d.query}`}
            aria-current={r.name === d.report ? 'page' : undefined}
          >
            {r.title}
          </Link>
        ))}
      </nav>
      <section aria-labelledby="report-h">
        <h2 id="report-h">{title}</h2>
        <p className="muted">
          From {d.period.from} to {d.period.to} inclusive (UTC days), by when it happened. The CSV also carries the ids.
        </p>
        <p>
          <a className="button" href={`/reports/${d.report}/csv?${d.query}`} download>
            Download CSV
          </a>
        </p>
        {d.total === 0 ? (
          <p>Nothing in this period.</p>
        ) : (
          <TableRegion label="Report rows">
            <table>
              <thead>
                <tr>
                  {d.header.map((h) => (
                    <th key={h} scope="col">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {d.rows.map((row, i) => (
                  <tr key={i}>
                    {row.map((cell, j) => (
                      <td key={j} className={typeof cell === 'number' ? 'num' : undefined}>
                        {showCell(cell)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        )}
        <Pager page={d.page} pageSize={PAGE_SIZE} total={d.total} label="Report rows" />
      </section>
    </>
  );
}

/** The preview shows times readably; the CSV keeps ISO-8601 for spreadsheets. */
function showCell(cell: unknown): string {
  if (cell === null || cell === undefined || cell === '') return '—';
  if (typeof cell === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(cell)) return formatTime(cell);
  return String(cell);
}

export function ErrorBoundary() {
  return <RouteError page="Reports" />;
}

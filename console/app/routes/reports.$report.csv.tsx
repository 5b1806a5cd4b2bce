/**
 * Resource route: a report as a CSV file (text/csv, UTF-8, attachment with a dated file name),
 * for a signed-in manager or admin. Same rows as the report page; cells quoted per RFC 4180 and
 * guarded against formula injection (lib/csv.ts). A bad period is a 400 with the reason.
 */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { forkEm, requireUser } from '~/lib/auth.server';
import { toCsv } from '~/lib/csv';
import { readPeriod } from '~/lib/period';
import { buildReport, isReportName, REPORTS } from '~/lib/reports.server';

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUser(request, context);
  const name = params.report ?? '';
  if (!isReportName(name))
    throw new Response(`There is no report "${name}". Reports: ${Object.keys(REPORTS).join(', ')}.`, { status: 404 });
  const url = new URL(request.url);
  const { period, errors } = readPeriod(url.searchParams, context.services.now());
  const problems = Object.values(errors);
  if (problems.length > 0) throw new Response(problems.join(' '), { status: 400 });
  const table = await buildReport(forkEm(context), name, { from: period.start, to: period.end });
  const file = `pco-${REPORTS[name].file}-${period.from}-to-${period.to}.csv`;
  return new Response(toCsv(table.header, table.rows), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${file}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

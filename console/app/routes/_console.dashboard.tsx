/** Fleet health at a glance: the spec's OfflineMetrics, sync health per hour, open alerts. */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireUser } from '~/lib/auth.server';
import { loadDashboard } from '~/lib/dashboard.server';
import { PAGE_SIZE, pageOf } from '~/lib/forms';
import { formatDuration, formatPercent, formatTime } from '~/lib/format';
import { Pager } from '~/components/pager';
import { SyncHealthChart } from '~/components/sync-health-chart';

export const meta: MetaFunction = () => [{ title: 'Dashboard · PCO Inventory console' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context);
  const page = pageOf(new URL(request.url));
  return { ...(await loadDashboard(context, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE })), page };
}

const subjectLink = (type: string, id: string): string | null =>
  type === 'device'
    ? `/devices/${encodeURIComponent(id)}`
    : type === 'conflict'
      ? `/conflicts/${encodeURIComponent(id)}`
      : null;

export default function Dashboard() {
  const { metrics: m, series, alerts, page } = useLoaderData<typeof loader>();
  const cards: Array<[string, string]> = [
    ['Pending events', String(m.pendingEventsCount)],
    ['Oldest pending event', formatDuration(m.oldestPendingEventAgeMs)],
    ['Conflicted events', String(m.conflictedEventsCount)],
    ['Last successful sync', formatTime(m.lastSuccessfulSync)],
    ['Sync failure rate (24 h)', `${formatPercent(m.syncFailureRate)} of ${m.syncAttempts24h}`],
    ['Average sync latency', formatDuration(m.averageSyncLatencyMs)],
    ['Devices offline > 24 h', `${m.devicesOfflineOver24h} of ${m.activeDevices}`],
    ['Devices with > 100 pending', String(m.devicesWithLargeQueues)],
  ];
  return (
    <>
      <h1>Dashboard</h1>
      <section aria-labelledby="metrics-h">
        <h2 id="metrics-h">Offline metrics across the fleet</h2>
        <div className="cards">
          {cards.map(([label, value]) => (
            <div className="card" key={label} data-metric={label}>
              <div className="label">{label}</div>
              <div className={value.length > 14 ? 'value small' : 'value'}>{value}</div>
            </div>
          ))}
        </div>
      </section>
      <section aria-labelledby="chart-h">
        <h2 id="chart-h">Sync health, last 24 hours</h2>
        <SyncHealthChart points={series} />
      </section>
      <section aria-labelledby="alerts-h">
        <h2 id="alerts-h">Open alerts</h2>
        {alerts.total === 0 ? (
          <p>No open alerts.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Severity</th>
                  <th>Alert</th>
                  <th>Action asked</th>
                  <th>Subject</th>
                  <th>Raised</th>
                </tr>
              </thead>
              <tbody>
                {alerts.alerts.map((a) => {
                  const href = subjectLink(a.subjectType, a.subjectId);
                  return (
                    <tr key={a.id}>
                      <td>
                        <span className={`badge sev-${a.severity}`}>{a.severity}</span>
                      </td>
                      <td>{a.message}</td>
                      <td>{a.action}</td>
                      <td>
                        {href ? (
                          <Link to={href}>
                            {a.subjectType} {a.subjectId}
                          </Link>
                        ) : (
                          `${a.subjectType} ${a.subjectId}`
                        )}
                      </td>
                      <td>{formatTime(a.raisedAt)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        <Pager page={page} pageSize={PAGE_SIZE} total={alerts.total} label="Alerts" />
      </section>
    </>
  );
}

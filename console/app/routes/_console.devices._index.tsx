/** Devices with their queue health, last sync and clock-skew flags, filterable by status, paginated. */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import type { DeviceStatusFilter } from '@pco/store';
import { requireUser } from '~/lib/auth.server';
import { devicesPage } from '~/lib/devices.server';
import { PAGE_SIZE, pageOf } from '~/lib/forms';
import { formatTime } from '~/lib/format';
import { Pager } from '~/components/pager';

export const meta: MetaFunction = () => [{ title: 'Devices · PCO Inventory console' }];
const STATUSES: DeviceStatusFilter[] = ['active', 'suspended', 'revoked'];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context);
  const url = new URL(request.url);
  const asked = url.searchParams.get('status') ?? '';
  const status = STATUSES.includes(asked as DeviceStatusFilter) ? (asked as DeviceStatusFilter) : undefined;
  const page = pageOf(url);
  const { rows, total } = await devicesPage(context, status, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  return { rows, total, page, status: status ?? '', unknownStatus: asked !== '' && !status ? asked : null };
}

export default function Devices() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Devices</h1>
      <section aria-labelledby="enrol-h" className="card">
        <h2 id="enrol-h" style={{ marginTop: 0 }}>Enrol a device</h2>
        {/* TODO(enrolment): issue a one-time code with an expiry through @pco/store's issueEnrolmentCode
            (being built by another engineer) and show it here; the field app redeems it. */}
        <p>Enrolment codes are not available in this build yet. Until then a device registers through the gateway's registration endpoint.</p>
      </section>
      <Form method="get" className="filters" aria-label="Filter devices">
        <div>
          <label htmlFor="status">Status</label>
          <select id="status" name="status" defaultValue={d.status}>
            <option value="">any</option>
            {STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </div>
        <button type="submit">Filter</button>
      </Form>
      {d.unknownStatus ? <p className="refused" role="alert">Unknown status "{d.unknownStatus}": showing every device.</p> : null}
      {d.total === 0 ? <p>No devices match.</p> : (
        <div className="table-wrap">
          <table>
            <thead><tr><th>Device</th><th>User</th><th>Status</th><th>Pending</th><th>Oldest pending</th><th>Last sync</th><th>Failures in a row</th><th>Clock-skew flags</th><th>Queue</th></tr></thead>
            <tbody>
              {d.rows.map((r) => (
                <tr key={r.id}>
                  <td><Link to={`/devices/${encodeURIComponent(r.id)}`}>{r.name}</Link><div className="muted">{r.id}</div></td>
                  <td>{r.userName ?? r.userId}</td>
                  <td>{r.status}</td>
                  <td>{r.pendingQueueSize}</td>
                  <td>{formatTime(r.oldestPendingAt)}</td>
                  <td>{formatTime(r.lastSyncAt)}</td>
                  <td>{r.consecutiveSyncFailures}</td>
                  <td>{r.openClockSkewFlags > 0 ? <strong>{r.openClockSkewFlags} open</strong> : 'none'}</td>
                  <td>{r.heldByConflictId ? <Link to={`/conflicts/${r.heldByConflictId}`}>held by a conflict</Link> : 'moving'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={d.page} pageSize={PAGE_SIZE} total={d.total} label="Devices" />
    </>
  );
}

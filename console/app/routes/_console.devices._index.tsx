/**
 * Devices with their queue health, last sync and clock-skew flags, filterable by status, paginated;
 * and the enrolment form: a one-time code for a technician's new phone, shown once with its expiry
 * (only its hash is stored), audited in console_audit.
 */
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import type { DeviceStatusFilter } from '@pco/store';
import { requireActionUser, requireUser } from '~/lib/auth.server';
import { ENROLMENT_HOURS, validateEnrolmentForm, type EnrolmentField } from '~/lib/device-forms';
import { devicesPage, issueEnrolmentCode, technicians } from '~/lib/devices.server';
import { PAGE_SIZE, pageOf, type FieldErrors, readForm } from '~/lib/forms';
import { formatTime } from '~/lib/format';
import { FieldError, invalidProps } from '~/components/field-error';
import { Pager } from '~/components/pager';
import { FilterSelect, plainChoices } from '~/components/filter-select';

export const meta: MetaFunction = () => [{ title: 'Devices · PCO Inventory console' }];
const STATUSES: DeviceStatusFilter[] = ['active', 'suspended', 'revoked'];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context);
  const url = new URL(request.url);
  const asked = url.searchParams.get('status') ?? '';
  const status = STATUSES.includes(asked as DeviceStatusFilter) ? (asked as DeviceStatusFilter) : undefined;
  const page = pageOf(url);
  const { rows, total } = await devicesPage(context, status, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  return {
    rows,
    total,
    page,
    status: status ?? '',
    unknownStatus: asked !== '' && !status ? asked : null,
    technicians: await technicians(context),
  };
}

type EnrolmentResult =
  | { issued: { code: string; expiresAt: string; personName: string } }
  | { errors: FieldErrors<EnrolmentField> }
  | { refused: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireActionUser(request, context);
  const offered = await technicians(context);
  const checked = validateEnrolmentForm(
    await readForm(request),
    offered.map((t) => t.id),
  );
  if (!checked.ok) return data<EnrolmentResult>({ errors: checked.errors }, { status: 400 });
  const issued = await issueEnrolmentCode(context, {
    personId: checked.personId,
    actorId: user.id,
    ttlMs: checked.ttlMs,
    now: context.services.now(),
  });
  if (!issued.ok)
    return data<EnrolmentResult>({ refused: `${issued.error.code}: ${issued.error.message}` }, { status: 409 });
  const personName = offered.find((t) => t.id === checked.personId)?.name ?? checked.personId;
  // Shown in this response only: never cached, never stored in clear.
  return data<EnrolmentResult>(
    { issued: { code: issued.value.code, expiresAt: issued.value.expiresAt, personName } },
    { headers: { 'Cache-Control': 'no-store' } },
  );
}

export default function Devices() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: FieldErrors<EnrolmentField> = result && 'errors' in result ? result.errors : {};
  return (
    <>
      <h1>Devices</h1>
      <section aria-labelledby="enrol-h" className="card">
        <h2 id="enrol-h" style={{ marginTop: 0 }}>
          Enrol a device
        </h2>
        <p>
          Issue a one-time code for a technician's new phone. They type it into the field app when it registers; it
          registers one phone, for that technician only.
        </p>
        <Form method="post" className="filters" aria-label="Issue an enrolment code">
          <div>
            <label htmlFor="enrol-personId">Technician</label>
            <select
              id="enrol-personId"
              name="personId"
              defaultValue=""
              {...invalidProps('enrol-personId', errors.personId)}
            >
              <option value="">choose…</option>
              {d.technicians.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
            <FieldError fieldId="enrol-personId" message={errors.personId} />
          </div>
          <div>
            <label htmlFor="enrol-validForHours">Valid for (hours)</label>
            <input
              id="enrol-validForHours"
              name="validForHours"
              inputMode="numeric"
              defaultValue={String(ENROLMENT_HOURS.default)}
              {...invalidProps('enrol-validForHours', errors.validForHours)}
            />
            <FieldError fieldId="enrol-validForHours" message={errors.validForHours} />
          </div>
          <button type="submit">Issue code</button>
        </Form>
        {result && 'refused' in result ? (
          <p className="refused" role="alert">
            {result.refused}
          </p>
        ) : null}
        {result && 'issued' in result ? (
          <div className="notice" role="status" data-testid="enrolment-issued">
            <p>Code for {result.issued.personName} — shown only now; write it down or hand it over:</p>
            <p>
              <strong>
                <output data-testid="enrolment-code" style={{ fontSize: '1.4em', letterSpacing: '0.08em' }}>
                  {result.issued.code}
                </output>
              </strong>
            </p>
            <p>
              Single use. Expires{' '}
              <time data-testid="enrolment-expiry" dateTime={result.issued.expiresAt}>
                {formatTime(result.issued.expiresAt)}
              </time>
              .
            </p>
          </div>
        ) : null}
      </section>
      <Form method="get" className="filters" aria-label="Filter devices">
        <FilterSelect name="status" label="Status" value={d.status} empty="any" choices={plainChoices(STATUSES)} />
        <button type="submit">Filter</button>
      </Form>
      {d.unknownStatus ? (
        <p className="refused" role="alert">
          Unknown status "{d.unknownStatus}": showing every device.
        </p>
      ) : null}
      {d.total === 0 ? (
        <p>No devices match.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Device</th>
                <th>User</th>
                <th>Status</th>
                <th>Pending</th>
                <th>Oldest pending</th>
                <th>Last sync</th>
                <th>Failures in a row</th>
                <th>Clock-skew flags</th>
                <th>Queue</th>
              </tr>
            </thead>
            <tbody>
              {d.rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/devices/${encodeURIComponent(r.id)}`}>{r.name}</Link>
                    <div className="muted">{r.id}</div>
                  </td>
                  <td>{r.userName ?? r.userId}</td>
                  <td>{r.status}</td>
                  <td>{r.pendingQueueSize}</td>
                  <td>{formatTime(r.oldestPendingAt)}</td>
                  <td>{formatTime(r.lastSyncAt)}</td>
                  <td>{r.consecutiveSyncFailures}</td>
                  <td>{r.openClockSkewFlags > 0 ? <strong>{r.openClockSkewFlags} open</strong> : 'none'}</td>
                  <td>
                    {r.heldByConflictId ? (
                      <Link to={`/conflicts/${r.heldByConflictId}`}>held by a conflict</Link>
                    ) : (
                      'moving'
                    )}
                  </td>
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

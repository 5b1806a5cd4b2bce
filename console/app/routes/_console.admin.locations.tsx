/**
 * Locations (admin): create; activate or deactivate. Deactivating is what makes the spec's
 * inactive-location conflict real: the gateway reads this same status, so a device's later
 * transfer INTO the location is refused with LOCATION_INACTIVE (stock may still leave it).
 */
import {
  data,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { createLocation, listLocationsPage, setLocationActive } from '~/lib/store.server';
import { forkEm } from '~/lib/auth.server';
import { requireAdmin, requireAdminAction } from '~/lib/roles.server';
import { LOCATION_KINDS, validateLocationForm, type LocationField } from '~/lib/central-forms';
import { field, PAGE_SIZE, pageOf, type FieldErrors, readForm } from '~/lib/forms';
import { FieldError, invalidProps } from '~/components/field-error';
import { Pager } from '~/components/pager';
import { RouteError } from '~/components/route-error';
import { TableRegion } from '~/components/table-region';
import pagesCss from '~/pages.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: pagesCss }];
export const meta: MetaFunction = () => [{ title: 'Locations · PCO Inventory console' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const page = pageOf(new URL(request.url));
  const { rows, total } = await listLocationsPage(forkEm(context), {
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  return { rows, total, page };
}

type ActionResult = { intent: string; errors?: FieldErrors<LocationField>; refused?: string; done?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireAdminAction(request, context);
  const form = await readForm(request);
  const intent = field(form, 'intent');
  const base = { actorId: user.id, now: context.services.now() };
  if (intent === 'activate' || intent === 'deactivate') {
    const done = await setLocationActive(forkEm(context), {
      id: field(form, 'id'),
      status: intent === 'activate' ? 'active' : 'inactive',
      ...base,
    });
    if (!done.ok) return data<ActionResult>({ intent, refused: done.error.message }, { status: 409 });
    return {
      intent,
      done: `Location ${field(form, 'id')} ${intent === 'activate' ? 'activated' : 'deactivated'}.`,
    } satisfies ActionResult;
  }
  if (intent !== 'create')
    return data<ActionResult>({ intent, refused: 'Unknown action: reload the page.' }, { status: 400 });
  const checked = validateLocationForm(form);
  if (!checked.ok) return data<ActionResult>({ intent, errors: checked.errors }, { status: 400 });
  const done = await createLocation(forkEm(context), { ...checked.value, ...base });
  if (!done.ok) return data<ActionResult>({ intent, errors: { id: done.error.message } }, { status: 409 });
  return { intent, done: `Location ${checked.value.name} created (active).` } satisfies ActionResult;
}

const KIND_LABELS: Record<string, string> = {
  warehouse: 'warehouse',
  vehicle: 'vehicle',
  customer_site: 'customer site',
};

export default function Locations() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const busy = useNavigation().state === 'submitting';
  const errors = result?.intent === 'create' ? (result.errors ?? {}) : {};
  return (
    <>
      <h1>Locations</h1>
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
      <TableRegion label="Locations">
        <table>
          <thead>
            <tr>
              <th>Location</th>
              <th>Kind</th>
              <th>Status</th>
              <th>Change</th>
            </tr>
          </thead>
          <tbody>
            {d.rows.map((l) => (
              <tr key={l.id} data-location-id={l.id}>
                <td>
                  {l.name}
                  <div className="muted">{l.id}</div>
                </td>
                <td>{KIND_LABELS[l.kind] ?? l.kind}</td>
                <td data-testid="location-status">{l.status}</td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="id" value={l.id} />
                    <input type="hidden" name="intent" value={l.status === 'active' ? 'deactivate' : 'activate'} />
                    <button type="submit" className="secondary" disabled={busy}>
                      {l.status === 'active' ? 'Deactivate' : 'Activate'}
                      <span className="sr-only"> {l.name}</span>
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      <Pager page={d.page} pageSize={PAGE_SIZE} total={d.total} label="Locations" />
      <section aria-labelledby="new-location-h" className="card">
        <h2 id="new-location-h" style={{ marginTop: 0 }}>
          New location
        </h2>
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="create" />
          <div>
            <label htmlFor="location-id">Id (lower-case letters, digits, dashes)</label>
            <input id="location-id" name="id" {...invalidProps('location-id', errors.id)} />
            <FieldError fieldId="location-id" message={errors.id} />
          </div>
          <div>
            <label htmlFor="location-name">Name</label>
            <input id="location-name" name="name" {...invalidProps('location-name', errors.name)} />
            <FieldError fieldId="location-name" message={errors.name} />
          </div>
          <div>
            <label htmlFor="location-kind">Kind</label>
            <select id="location-kind" name="kind" defaultValue="" {...invalidProps('location-kind', errors.kind)}>
              <option value="">choose…</option>
              {LOCATION_KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABELS[k]}
                </option>
              ))}
            </select>
            <FieldError fieldId="location-kind" message={errors.kind} />
          </div>
          <div>
            <button type="submit" disabled={busy}>
              Create location
            </button>
          </div>
        </Form>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <RouteError page="Locations" />;
}

/**
 * People and roles (admin): create a person (technician, manager or admin), change a person's
 * role (not one's own), and set the locations a person is assigned to (a technician's "own"
 * vehicles and sites, which the gateway's authorisation reads).
 */
import {
  data,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { assignLocations, changeRole, createPerson, listFilterOptions, listPeoplePage } from '~/lib/store.server';
import { forkEm } from '~/lib/auth.server';
import { requireAdmin, requireAdminAction } from '~/lib/roles.server';
import { ROLES, validateAssignForm, validatePersonForm, validateRoleForm, type PersonField } from '~/lib/central-forms';
import { field, PAGE_SIZE, pageOf, readForm, unknownAction, type FieldErrors } from '~/lib/forms';
import { FieldError, invalidProps } from '~/components/field-error';
import { Pager } from '~/components/pager';
import { RouteError } from '~/components/route-error';
import { TableRegion } from '~/components/table-region';
import pagesCss from '~/pages.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: pagesCss }];
export const meta: MetaFunction = () => [{ title: 'People and roles · PCO Inventory console' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireAdmin(request, context);
  const page = pageOf(new URL(request.url));
  const em = forkEm(context);
  const { rows, total } = await listPeoplePage(em, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const { locations } = await listFilterOptions(em);
  return { rows, total, page, locations, me: user.id };
}

type RowField = 'role' | 'locationIds';
type ActionResult = { intent: string; personId?: string; errors?: FieldErrors<PersonField | RowField>; done?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireAdminAction(request, context);
  const form = await readForm(request);
  const intent = field(form, 'intent');
  const base = { actorId: user.id, now: context.services.now() };
  const em = forkEm(context);
  switch (intent) {
    case 'create': {
      const checked = validatePersonForm(form);
      if (!checked.ok) return data<ActionResult>({ intent, errors: checked.errors }, { status: 400 });
      const done = await createPerson(em, { ...checked.value, ...base });
      if (!done.ok) return data<ActionResult>({ intent, errors: { email: done.error.message } }, { status: 409 });
      return { intent, done: `${checked.value.name} added as ${checked.value.role}.` } satisfies ActionResult;
    }
    case 'role': {
      const checked = validateRoleForm(form);
      if (!checked.ok)
        return data<ActionResult>(
          { intent, personId: field(form, 'personId'), errors: checked.errors },
          { status: 400 },
        );
      const done = await changeRole(em, { ...checked.value, ...base });
      if (!done.ok)
        return data<ActionResult>(
          { intent, personId: checked.value.personId, errors: { role: done.error.message } },
          { status: 409 },
        );
      return { intent, done: `Role changed to ${checked.value.role}.` } satisfies ActionResult;
    }
    case 'locations': {
      const checked = validateAssignForm(form);
      if (!checked.ok)
        return data<ActionResult>(
          { intent, personId: field(form, 'personId'), errors: checked.errors },
          { status: 400 },
        );
      const done = await assignLocations(em, { ...checked.value, ...base });
      if (!done.ok)
        return data<ActionResult>(
          { intent, personId: checked.value.personId, errors: { locationIds: done.error.message } },
          { status: 409 },
        );
      return { intent, done: `Locations saved (${checked.value.locationIds.length}).` } satisfies ActionResult;
    }
    default:
      return unknownAction();
  }
}

const safeId = (id: string) => id.replace(/[^A-Za-z0-9_-]/g, '_');

export default function People() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const busy = useNavigation().state === 'submitting';
  const createErrors = result?.intent === 'create' ? (result.errors ?? {}) : {};
  const rowErrors = (personId: string) => (result?.personId === personId ? (result.errors ?? {}) : {});
  return (
    <>
      <h1>People and roles</h1>
      {result?.done ? (
        <p className="notice" role="status">
          {result.done}
        </p>
      ) : null}
      <TableRegion label="People">
        <table>
          <thead>
            <tr>
              <th>Person</th>
              <th>Role</th>
              <th>Assigned locations</th>
            </tr>
          </thead>
          <tbody>
            {d.rows.map((p, row) => {
              const errors = rowErrors(p.id);
              const sid = safeId(p.id);
              return (
                <tr key={p.id} data-person-id={p.id}>
                  <td>
                    {p.name}
                    <div className="muted">{p.email}</div>
                  </td>
                  <td>
                    <Form method="post" className="stack" aria-label={`Role of ${p.name}`}>
                      <input type="hidden" name="intent" value="role" />
                      <input type="hidden" name="personId" value={p.id} />
                      <label htmlFor={`role-${sid}`} className="sr-only">
                        Role of {p.name}
                      </label>
                      <select
                        id={`role-${sid}`}
                        name="role"
                        defaultValue={p.role}
                        disabled={p.id === d.me}
                        {...invalidProps(`role-${sid}`, errors.role)}
                      >
                        {ROLES.map((r) => (
                          <option key={r} value={r}>
                            {r}
                          </option>
                        ))}
                      </select>
                      <FieldError fieldId={`role-${sid}`} message={errors.role} />
                      {p.id === d.me ? (
                        <span className="muted">your own role</span>
                      ) : (
                        <div>
                          <button type="submit" className="secondary" disabled={busy}>
                            Change role
                          </button>
                        </div>
                      )}
                    </Form>
                  </td>
                  <td>
                    <Form method="post" aria-label={`Locations of ${p.name}`}>
                      <input type="hidden" name="intent" value="locations" />
                      <input type="hidden" name="personId" value={p.id} />
                      <fieldset
                        id={`locations-${sid}`}
                        className="checks"
                        {...invalidProps(`locations-${sid}`, errors.locationIds)}
                      >
                        <legend className="sr-only">Locations of {p.name}</legend>
                        {d.locations.map((l, column) => (
                          <span key={l.id} className="check">
                            <input
                              type="checkbox"
                              // Row and column numbers, not ids: person "a" with location "b-c" and person "a-b" with "c" once shared one id.
                              id={`loc-${row}-${column}`}
                              name="locationIds"
                              value={l.id}
                              defaultChecked={p.locationIds.includes(l.id)}
                            />{' '}
                            <label htmlFor={`loc-${row}-${column}`}>{l.name}</label>
                          </span>
                        ))}
                      </fieldset>
                      <FieldError fieldId={`locations-${sid}`} message={errors.locationIds} />
                      <button type="submit" className="secondary" disabled={busy}>
                        Save locations<span className="sr-only"> of {p.name}</span>
                      </button>
                    </Form>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableRegion>
      <Pager page={d.page} pageSize={PAGE_SIZE} total={d.total} label="People" />
      <section aria-labelledby="new-person-h" className="card">
        <h2 id="new-person-h" style={{ marginTop: 0 }}>
          New person
        </h2>
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="create" />
          <div>
            <label htmlFor="person-name">Name</label>
            <input
              id="person-name"
              name="name"
              autoComplete="off"
              {...invalidProps('person-name', createErrors.name)}
            />
            <FieldError fieldId="person-name" message={createErrors.name} />
          </div>
          <div>
            <label htmlFor="person-email">Email</label>
            <input
              id="person-email"
              name="email"
              type="email"
              autoComplete="off"
              {...invalidProps('person-email', createErrors.email)}
            />
            <FieldError fieldId="person-email" message={createErrors.email} />
          </div>
          <div>
            <label htmlFor="person-role">Role</label>
            <select id="person-role" name="role" defaultValue="" {...invalidProps('person-role', createErrors.role)}>
              <option value="">choose…</option>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
            <FieldError fieldId="person-role" message={createErrors.role} />
          </div>
          <div>
            <button type="submit" disabled={busy}>
              Add person
            </button>
          </div>
        </Form>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <RouteError page="People and roles" />;
}

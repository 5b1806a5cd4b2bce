/**
 * Receiving stock from a supplier (admin): a ProductReceived event appended through the store's
 * server-event path (the domain's checks: positive quantity within the maximum, the product's
 * unit, an active location), audited in the same transaction.
 */
import {
  data,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { getProduct, listLocationsPage, listProductsPage, receiveStock } from '~/lib/store.server';
import { forkEm } from '~/lib/auth.server';
import { requireAdmin, requireAdminAction } from '~/lib/roles.server';
import { validateReceiveForm, type ReceiveField } from '~/lib/central-forms';
import { FieldError, invalidProps } from '~/components/field-error';
import { RouteError } from '~/components/route-error';
import pagesCss from '~/pages.css?url';
import { field, readForm, type FieldErrors } from '~/lib/forms';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: pagesCss }];
export const meta: MetaFunction = () => [{ title: 'Receive stock · PCO Inventory console' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const em = forkEm(context);
  const products = (await listProductsPage(em, { limit: 10_000, offset: 0 })).rows.filter((p) => p.active);
  const locations = (await listLocationsPage(em, { limit: 10_000, offset: 0 })).rows.filter(
    (l) => l.status === 'active' && l.kind !== 'customer_site',
  );
  return {
    products: products.map((p) => ({ id: p.id, name: p.name, unit: p.unit })),
    locations: locations.map((l) => ({ id: l.id, name: l.name })),
  };
}

type ActionResult = { errors?: FieldErrors<ReceiveField>; refused?: string; done?: string };

const FIELD_OF_CODE: Partial<Record<string, ReceiveField>> = {
  INVALID_QUANTITY: 'quantity',
  UNIT_MISMATCH: 'quantity',
  VALIDATION_ERROR: 'quantity',
  UNKNOWN_PRODUCT: 'productId',
  UNKNOWN_LOCATION: 'locationId',
  LOCATION_INACTIVE: 'locationId',
};

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireAdminAction(request, context);
  const form = await readForm(request);
  const em = forkEm(context);
  const productId = field(form, 'productId');
  const product = productId ? await getProduct(em, productId) : null;
  const checked = validateReceiveForm(form, product?.unit);
  if (!checked.ok) return data<ActionResult>({ errors: checked.errors }, { status: 400 });
  const done = await receiveStock(em, { ...checked.value, actorId: user.id, now: context.services.now() });
  if (!done.ok) {
    const target = FIELD_OF_CODE[done.error.code];
    return data<ActionResult>(
      target ? { errors: { [target]: done.error.message } } : { refused: `${done.error.code}: ${done.error.message}` },
      { status: 409 },
    );
  }
  const q = done.value.event.quantity;
  return { done: `Received ${q.value} ${q.unit} (log position ${done.value.position}).` } satisfies ActionResult;
}

export default function Receive() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const busy = useNavigation().state === 'submitting';
  const errors = result?.errors ?? {};
  return (
    <>
      <h1>Receive stock from a supplier</h1>
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
      <Form method="post" className="stack card">
        <div>
          <label htmlFor="receive-productId">Product</label>
          <select
            id="receive-productId"
            name="productId"
            defaultValue=""
            {...invalidProps('receive-productId', errors.productId)}
          >
            <option value="">choose…</option>
            {d.products.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.unit})
              </option>
            ))}
          </select>
          <FieldError fieldId="receive-productId" message={errors.productId} />
        </div>
        <div>
          <label htmlFor="receive-locationId">Received at</label>
          <select
            id="receive-locationId"
            name="locationId"
            defaultValue=""
            {...invalidProps('receive-locationId', errors.locationId)}
          >
            <option value="">choose…</option>
            {d.locations.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
          <FieldError fieldId="receive-locationId" message={errors.locationId} />
        </div>
        <div>
          <label htmlFor="receive-quantity">Quantity (in the product's unit)</label>
          <input
            id="receive-quantity"
            name="quantity"
            inputMode="decimal"
            {...invalidProps('receive-quantity', errors.quantity)}
          />
          <FieldError fieldId="receive-quantity" message={errors.quantity} />
        </div>
        <div>
          <label htmlFor="receive-supplier">Supplier</label>
          <input id="receive-supplier" name="supplier" {...invalidProps('receive-supplier', errors.supplier)} />
          <FieldError fieldId="receive-supplier" message={errors.supplier} />
        </div>
        <div>
          <label htmlFor="receive-reference">Delivery note or invoice number (optional)</label>
          <input id="receive-reference" name="reference" {...invalidProps('receive-reference', errors.reference)} />
          <FieldError fieldId="receive-reference" message={errors.reference} />
        </div>
        <div>
          <button type="submit" disabled={busy}>
            Record receipt
          </button>
        </div>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <RouteError page="Receive stock" />;
}

/**
 * Products (admin): create, and edit a product's name, EPA registration number, regulated flag,
 * unit value and active flag. The unit is fixed once stock of the product is recorded.
 */
import {
  data,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { UNITS_OF_MEASURE } from '@pco/domain';
import { createProduct, getProduct, listProductsPage, updateProduct } from '~/lib/store.server';
import { forkEm } from '~/lib/auth.server';
import { requireAdmin, requireAdminAction } from '~/lib/roles.server';
import { validateProductForm, type ProductField } from '~/lib/central-forms';
import { field, PAGE_SIZE, pageOf, type FieldErrors, readForm } from '~/lib/forms';
import { FieldError, invalidProps } from '~/components/field-error';
import { Pager } from '~/components/pager';
import { RouteError } from '~/components/route-error';
import { TableRegion } from '~/components/table-region';
import pagesCss from '~/pages.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: pagesCss }];
export const meta: MetaFunction = () => [{ title: 'Products · PCO Inventory console' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const url = new URL(request.url);
  const page = pageOf(url);
  const em = forkEm(context);
  const { rows, total } = await listProductsPage(em, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const editId = url.searchParams.get('edit');
  const editing = editId ? await getProduct(em, editId) : null;
  if (editId && !editing) throw new Response(`There is no product "${editId}".`, { status: 404 });
  return { rows, total, page, editing };
}

type ActionResult = { intent: string; errors?: FieldErrors<ProductField>; refused?: string; done?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireAdminAction(request, context);
  const form = await readForm(request);
  const intent = field(form, 'intent') === 'update' ? 'update' : 'create';
  const checked = validateProductForm(form);
  if (!checked.ok) return data<ActionResult>({ intent, errors: checked.errors }, { status: 400 });
  const input = { ...checked.value, actorId: user.id, now: context.services.now() };
  const done =
    intent === 'update' ? await updateProduct(forkEm(context), input) : await createProduct(forkEm(context), input);
  if (!done.ok) {
    const errors: FieldErrors<ProductField> =
      done.error.code === 'UNIT_MISMATCH' ? { unit: done.error.message } : { id: done.error.message };
    return data<ActionResult>({ intent, errors }, { status: 409 });
  }
  return {
    intent,
    done: `Product ${checked.value.name} ${intent === 'update' ? 'saved' : 'created'}.`,
  } satisfies ActionResult;
}

type Product = {
  id: string;
  name: string;
  unit: string;
  epaRegistrationNumber: string | null;
  regulated: boolean;
  unitValueCents: number;
  active: boolean;
};

export default function Products() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const busy = useNavigation().state === 'submitting';
  return (
    <>
      <h1>Products</h1>
      {result?.done ? (
        <p className="notice" role="status">
          {result.done}
        </p>
      ) : null}
      <TableRegion label="Products">
        <table>
          <thead>
            <tr>
              <th>Product</th>
              <th>Unit</th>
              <th>EPA Reg. No.</th>
              <th>Unit value</th>
              <th>Active</th>
              <th>
                <span className="sr-only">Edit</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {d.rows.map((p) => (
              <tr key={p.id}>
                <td>
                  {p.name}
                  <div className="muted">{p.id}</div>
                </td>
                <td>{p.unit}</td>
                <td>{p.regulated ? p.epaRegistrationNumber : 'not regulated'}</td>
                <td>${(p.unitValueCents / 100).toFixed(2)}</td>
                <td>{p.active ? 'yes' : 'no'}</td>
                <td>
                  <Link to={`?edit=${encodeURIComponent(p.id)}#product-form-h`}>
                    Edit<span className="sr-only"> {p.name}</span>
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      <Pager page={d.page} pageSize={PAGE_SIZE} total={d.total} label="Products" />
      <ProductForm key={d.editing?.id ?? 'new'} product={d.editing} errors={result?.errors ?? {}} busy={busy} />
    </>
  );
}

function ProductForm({
  product,
  errors,
  busy,
}: {
  product: Product | null;
  errors: FieldErrors<ProductField>;
  busy: boolean;
}) {
  const input = (name: ProductField, label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <div>
      <label htmlFor={`product-${name}`}>{label}</label>
      <input id={`product-${name}`} name={name} {...invalidProps(`product-${name}`, errors[name])} {...props} />
      <FieldError fieldId={`product-${name}`} message={errors[name]} />
    </div>
  );
  return (
    <section aria-labelledby="product-form-h" className="card">
      <h2 id="product-form-h" style={{ marginTop: 0 }}>
        {product ? `Edit ${product.name}` : 'New product'}
      </h2>
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value={product ? 'update' : 'create'} />
        {product ? (
          <input type="hidden" name="id" value={product.id} />
        ) : (
          input('id', 'Id (lower-case letters, digits, dashes)')
        )}
        {input('name', 'Name', { defaultValue: product?.name })}
        <div>
          <label htmlFor="product-unit">Unit</label>
          <select
            id="product-unit"
            name="unit"
            defaultValue={product?.unit ?? ''}
            {...invalidProps('product-unit', errors.unit)}
          >
            <option value="">choose…</option>
            {UNITS_OF_MEASURE.map((u) => (
              <option key={u} value={u}>
                {u}
              </option>
            ))}
          </select>
          <FieldError fieldId="product-unit" message={errors.unit} />
        </div>
        <div>
          <input
            type="checkbox"
            id="product-regulated"
            name="regulated"
            value="yes"
            defaultChecked={product?.regulated}
          />{' '}
          <label htmlFor="product-regulated" style={{ display: 'inline' }}>
            Regulated (a registered pesticide)
          </label>
        </div>
        {input('epaRegistrationNumber', 'EPA registration number', {
          defaultValue: product?.epaRegistrationNumber ?? '',
        })}
        {input('unitValue', 'Value of one unit ($)', {
          inputMode: 'decimal',
          defaultValue: product ? (product.unitValueCents / 100).toFixed(2) : '',
        })}
        <div>
          <label htmlFor="product-active">Status</label>
          <select id="product-active" name="active" defaultValue={product && !product.active ? 'no' : 'yes'}>
            <option value="yes">active</option>
            <option value="no">withdrawn</option>
          </select>
        </div>
        <div>
          <button type="submit" disabled={busy}>
            {product ? 'Save product' : 'Create product'}
          </button>
          {product ? (
            <>
              {' '}
              <Link to="?">Cancel</Link>
            </>
          ) : null}
        </div>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <RouteError page="Products" />;
}

/**
 * Validation of the admin's central forms (pure): product, location, person, role, location
 * assignments, stock receipt. Receipt quantities go through the domain's own quantity rule
 * (validateQuantity for ProductReceived), so the form refuses exactly what the log would. The form
 * does not know the product's unit, so it checks against the finest unit; receiveStock checks the
 * product's own scale (a whole number of `each`) before anything is written.
 */
import {
  QUANTITY_STEP_DECIMALS,
  UNITS_OF_MEASURE,
  unitScale,
  validateQuantity,
  type LocationKind,
  type Role,
  type UnitOfMeasure,
} from '@pco/domain';
import { checkReason, field, MAX_TEXT, type FieldErrors } from './forms';

export type Checked<T, K extends string> = { ok: true; value: T } | { ok: false; errors: FieldErrors<K> };

const SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;
/** EPA Reg. No.: company number - product number, plus a distributor number for supplemental labels. */
export const EPA_REGISTRATION_NUMBER = /^\d{1,7}-\d{1,5}(-\d{1,7})?$/;
const MONEY = /^\d{1,7}(\.\d{1,2})?$/;
export const LOCATION_KINDS: LocationKind[] = ['warehouse', 'vehicle', 'customer_site'];
export const ROLES: Role[] = ['technician', 'manager', 'admin'];
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;

function checkName(value: string, what: string): string | undefined {
  if (value === '') return `Enter ${what}.`;
  if (value.length > 120) return 'Keep it under 120 characters.';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(value)) return 'Remove the control characters.';
  return undefined;
}

function checkSlug(value: string, what: string): string | undefined {
  if (value === '') return `Enter ${what}.`;
  if (!SLUG.test(value)) return 'Use 2 to 63 lower-case letters, digits and dashes (e.g. prod-bait-blocks).';
  return undefined;
}

export type ProductField = 'id' | 'name' | 'unit' | 'epaRegistrationNumber' | 'unitValue';
export interface ProductValues {
  id: string;
  name: string;
  unit: UnitOfMeasure;
  epaRegistrationNumber: string | null;
  regulated: boolean;
  unitValueCents: number;
  active: boolean;
}

export function validateProductForm(form: FormData): Checked<ProductValues, ProductField> {
  const errors: FieldErrors<ProductField> = {};
  const id = field(form, 'id');
  const name = field(form, 'name');
  const unit = field(form, 'unit');
  const epa = field(form, 'epaRegistrationNumber');
  const regulated = field(form, 'regulated') === 'yes';
  const unitValue = field(form, 'unitValue');
  const idProblem = checkSlug(id, 'an id for the product');
  if (idProblem) errors.id = idProblem;
  const nameProblem = checkName(name, 'the product name');
  if (nameProblem) errors.name = nameProblem;
  if (!(UNITS_OF_MEASURE as readonly string[]).includes(unit)) errors.unit = 'Choose the unit stock is counted in.';
  if (regulated && epa === '')
    errors.epaRegistrationNumber = 'A regulated product needs its EPA registration number (e.g. 432-1489).';
  else if (epa !== '' && !EPA_REGISTRATION_NUMBER.test(epa))
    errors.epaRegistrationNumber = 'Write it as on the label: numbers and dashes, e.g. 432-1489 or 12455-79-3012.';
  else if (!regulated && epa !== '')
    errors.epaRegistrationNumber =
      'A product with an EPA registration number is a regulated pesticide: tick "Regulated".';
  if (unitValue === '') errors.unitValue = 'Enter the value of one unit in dollars (0 if none).';
  else if (!MONEY.test(unitValue)) errors.unitValue = 'Enter dollars and cents, e.g. 6.50.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const [dollars, cents = ''] = unitValue.split('.');
  return {
    ok: true,
    value: {
      id,
      name,
      unit: unit as UnitOfMeasure,
      epaRegistrationNumber: epa || null,
      regulated,
      unitValueCents: Number(dollars) * 100 + Number(cents.padEnd(2, '0')),
      active: field(form, 'active') !== 'no',
    },
  };
}

export type LocationField = 'id' | 'name' | 'kind';
export function validateLocationForm(
  form: FormData,
): Checked<{ id: string; name: string; kind: LocationKind }, LocationField> {
  const errors: FieldErrors<LocationField> = {};
  const id = field(form, 'id');
  const name = field(form, 'name');
  const kind = field(form, 'kind');
  const idProblem = checkSlug(id, 'an id for the location');
  if (idProblem) errors.id = idProblem;
  const nameProblem = checkName(name, 'the location name');
  if (nameProblem) errors.name = nameProblem;
  if (!(LOCATION_KINDS as string[]).includes(kind)) errors.kind = 'Choose warehouse, vehicle or customer site.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { id, name, kind: kind as LocationKind } };
}

export type PersonField = 'name' | 'email' | 'role';
export function validatePersonForm(form: FormData): Checked<{ name: string; email: string; role: Role }, PersonField> {
  const errors: FieldErrors<PersonField> = {};
  const name = field(form, 'name');
  const email = field(form, 'email').toLowerCase();
  const role = field(form, 'role');
  const nameProblem = checkName(name, "the person's name");
  if (nameProblem) errors.name = nameProblem;
  if (email === '') errors.email = 'Enter an email address.';
  else if (email.length > 200 || !EMAIL.test(email)) errors.email = 'Enter an email address like name@company.com.';
  if (!(ROLES as string[]).includes(role)) errors.role = 'Choose technician, manager or admin.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { name, email, role: role as Role } };
}

export function validateRoleForm(form: FormData): Checked<{ personId: string; role: Role }, 'role'> {
  const role = field(form, 'role');
  const personId = field(form, 'personId');
  if (personId === '') return { ok: false, errors: { role: 'Unknown person: reload the page.' } };
  if (!(ROLES as string[]).includes(role))
    return { ok: false, errors: { role: 'Choose technician, manager or admin.' } };
  return { ok: true, value: { personId, role: role as Role } };
}

export function validateAssignForm(
  form: FormData,
): Checked<{ personId: string; locationIds: string[] }, 'locationIds'> {
  const personId = field(form, 'personId');
  if (personId === '') return { ok: false, errors: { locationIds: 'Unknown person: reload the page.' } };
  const locationIds = form.getAll('locationIds').filter((v): v is string => typeof v === 'string' && v !== '');
  if (locationIds.length > 200) return { ok: false, errors: { locationIds: 'At most 200 locations.' } };
  return { ok: true, value: { personId, locationIds } };
}

const FINEST_UNIT = UNITS_OF_MEASURE.find((unit) => unitScale(unit) === QUANTITY_STEP_DECIMALS) ?? 'kg';

export type ReceiveField = 'productId' | 'locationId' | 'quantity' | 'supplier' | 'reference';
/** `unit`: the chosen product's unit, so a quantity finer than it allows is refused in its own words. */
export function validateReceiveForm(
  form: FormData,
  unit?: string,
): Checked<
  { productId: string; locationId: string; quantity: number; supplier: string; reference?: string },
  ReceiveField
> {
  const errors: FieldErrors<ReceiveField> = {};
  const productId = field(form, 'productId');
  const locationId = field(form, 'locationId');
  const quantityText = field(form, 'quantity');
  const supplier = field(form, 'supplier');
  const reference = field(form, 'reference');
  if (productId === '') errors.productId = 'Choose the product received.';
  if (locationId === '') errors.locationId = 'Choose where it was received.';
  const value = Number(quantityText);
  if (quantityText === '') errors.quantity = 'Enter the quantity received.';
  else if (!/^\d+(\.\d+)?$/.test(quantityText)) errors.quantity = 'Enter a number, e.g. 24 or 12.5.';
  else {
    // The domain's rule in the product's unit (receiveStock checks it again); an unknown product is refused by its own field.
    const checked = validateQuantity({ value, unit: unit ?? FINEST_UNIT }, 'ProductReceived');
    if (!checked.ok) errors.quantity = checked.error.message.replace(/^quantity\.value/, 'The quantity');
  }
  const supplierProblem = checkReason(supplier, "the supplier's name");
  if (supplierProblem) errors.supplier = supplierProblem;
  if (reference.length > MAX_TEXT) errors.reference = `Keep it under ${MAX_TEXT} characters.`;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { productId, locationId, quantity: value, supplier, ...(reference ? { reference } : {}) } };
}

/**
 * Reads and writes of reference data: persons, products, locations (with assignments). The list
 * reads are the write path's set-based preloads (batch-context.ts, server-events.ts: one `= any($1)`
 * statement per batch), so they stay SQL; single-row writes go through the EntityManager.
 */
import type { Location, Person, Product, UnitOfMeasure } from '@pco/domain';
import { LocationAssignmentEntity, LocationEntity, PersonEntity, ProductEntity } from './entities';
import { type Em, query } from './sql';

interface PersonDbRow {
  id: string;
  name: string;
  email: string;
  role: Person['role'];
}
interface ProductDbRow {
  id: string;
  name: string;
  unit: UnitOfMeasure;
  epa_registration_number: string | null;
  regulated: boolean;
  unit_value_cents: number;
  active: boolean;
}
interface LocationDbRow {
  id: string;
  name: string;
  kind: Location['kind'];
  status: Location['status'];
  assigned: string[];
}

const toProduct = (r: ProductDbRow): Product => ({
  id: r.id,
  name: r.name,
  unit: r.unit,
  epaRegistrationNumber: r.epa_registration_number,
  regulated: r.regulated,
  unitValueCents: r.unit_value_cents,
  active: r.active,
});
const toLocation = (r: LocationDbRow): Location => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  status: r.status,
  assignedPersonIds: r.assigned,
});

const LOCATION_SELECT = `select l.id, l.name, l.kind, l.status,
  coalesce(array_agg(a.person_id order by a.person_id) filter (where a.person_id is not null), '{}') as assigned
  from locations l left join location_assignments a on a.location_id = l.id`;

/** Persons by id (all when ids is omitted). */
export async function listPersons(em: Em, ids?: readonly string[]): Promise<Person[]> {
  const where = ids ? ' where id = any($1::text[])' : '';
  return query<PersonDbRow>(em, `select id, name, email, role from persons${where} order by id`, ids ? [ids] : []);
}
export const getPerson = async (em: Em, id: string): Promise<Person | null> => (await listPersons(em, [id]))[0] ?? null;

export async function listProducts(em: Em, ids?: readonly string[]): Promise<Product[]> {
  const where = ids ? ' where id = any($1::text[])' : '';
  return (await query<ProductDbRow>(em, `select * from products${where} order by id`, ids ? [ids] : [])).map(toProduct);
}
export const getProduct = async (em: Em, id: string): Promise<Product | null> =>
  (await listProducts(em, [id]))[0] ?? null;

export async function listLocations(em: Em, ids?: readonly string[]): Promise<Location[]> {
  const where = ids ? ' where l.id = any($1::text[])' : '';
  const rows = await query<LocationDbRow>(
    em,
    `${LOCATION_SELECT}${where} group by l.id order by l.id`,
    ids ? [ids] : [],
  );
  return rows.map(toLocation);
}
export const getLocation = async (em: Em, id: string): Promise<Location | null> =>
  (await listLocations(em, [id]))[0] ?? null;

/** Location ids a person is assigned to (a technician's "own locations"). */
export async function assignedLocationIds(em: Em, personId: string): Promise<string[]> {
  const rows = await query<{ location_id: string }>(
    em,
    'select location_id from location_assignments where person_id = $1 order by location_id',
    [personId],
  );
  return rows.map((r) => r.location_id);
}

export async function insertPerson(em: Em, p: Person): Promise<void> {
  await em.insert(PersonEntity, { id: p.id, name: p.name, email: p.email, role: p.role });
}

export async function insertProduct(em: Em, p: Product): Promise<void> {
  await em.insert(ProductEntity, {
    id: p.id,
    name: p.name,
    unit: p.unit,
    epaRegistrationNumber: p.epaRegistrationNumber,
    regulated: p.regulated,
    unitValueCents: p.unitValueCents,
    active: p.active,
  });
}

export async function insertLocation(em: Em, l: Location): Promise<void> {
  await em.insert(LocationEntity, { id: l.id, name: l.name, kind: l.kind, status: l.status });
  for (const personId of l.assignedPersonIds) {
    await em.insert(LocationAssignmentEntity, { locationId: l.id, personId });
  }
}

export async function setLocationStatus(em: Em, id: string, status: Location['status']): Promise<void> {
  await em.nativeUpdate(LocationEntity, { id }, { status });
}

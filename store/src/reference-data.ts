/** Reads and writes of reference data: persons, products, locations (with assignments). */
import type { Location, Person, Product, UnitOfMeasure } from '@pco/domain';
import { type Em, query, run } from './sql';

interface PersonDbRow { id: string; name: string; email: string; role: Person['role'] }
interface ProductDbRow {
  id: string; name: string; unit: UnitOfMeasure; epa_registration_number: string | null; regulated: boolean;
  unit_value_cents: number; active: boolean;
}
interface LocationDbRow { id: string; name: string; kind: Location['kind']; status: Location['status']; assigned: string[] }

const toProduct = (r: ProductDbRow): Product => ({
  id: r.id, name: r.name, unit: r.unit, epaRegistrationNumber: r.epa_registration_number, regulated: r.regulated,
  unitValueCents: r.unit_value_cents, active: r.active,
});
const toLocation = (r: LocationDbRow): Location => ({ id: r.id, name: r.name, kind: r.kind, status: r.status, assignedPersonIds: r.assigned });

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
export const getProduct = async (em: Em, id: string): Promise<Product | null> => (await listProducts(em, [id]))[0] ?? null;

export async function listLocations(em: Em, ids?: readonly string[]): Promise<Location[]> {
  const where = ids ? ' where l.id = any($1::text[])' : '';
  const rows = await query<LocationDbRow>(em, `${LOCATION_SELECT}${where} group by l.id order by l.id`, ids ? [ids] : []);
  return rows.map(toLocation);
}
export const getLocation = async (em: Em, id: string): Promise<Location | null> => (await listLocations(em, [id]))[0] ?? null;

/** Location ids a person is assigned to (a technician's "own locations"). */
export async function assignedLocationIds(em: Em, personId: string): Promise<string[]> {
  const rows = await query<{ location_id: string }>(em, 'select location_id from location_assignments where person_id = $1 order by location_id', [personId]);
  return rows.map((r) => r.location_id);
}

export async function insertPerson(em: Em, p: Person): Promise<void> {
  await run(em, 'insert into persons (id, name, email, role) values ($1, $2, $3, $4)', [p.id, p.name, p.email, p.role]);
}

export async function insertProduct(em: Em, p: Product): Promise<void> {
  await run(em, 
    `insert into products (id, name, unit, epa_registration_number, regulated, unit_value_cents, active)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [p.id, p.name, p.unit, p.epaRegistrationNumber, p.regulated, p.unitValueCents, p.active],
  );
}

export async function insertLocation(em: Em, l: Location): Promise<void> {
  await run(em, 'insert into locations (id, name, kind, status) values ($1, $2, $3, $4)', [l.id, l.name, l.kind, l.status]);
  for (const personId of l.assignedPersonIds) {
    await run(em, 'insert into location_assignments (location_id, person_id) values ($1, $2)', [l.id, personId]);
  }
}

export async function setLocationStatus(em: Em, id: string, status: Location['status']): Promise<void> {
  await run(em, 'update locations set status = $2 where id = $1', [id, status]);
}

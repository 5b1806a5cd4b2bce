/** Helpers over reference data (products, locations, people, devices). */
import type { Location, Person, Product, Role } from './types';

/**
 * A product is "high-value" from $50 per unit. Used to prioritise mass recovery
 * (spec: "High-value/regulated items first") and to flag review items.
 */
export const HIGH_VALUE_UNIT_CENTS = 5000;

export const isHighValue = (product: Product): boolean => product.unitValueCents >= HIGH_VALUE_UNIT_CENTS;

/** Regulated (EPA-registered) or high-value: what recovery syncs first. */
export const isPriorityProduct = (product: Product): boolean => product.regulated || isHighValue(product);

/**
 * Where a caller keeps reference data: a Map by id, an array, or a lookup function
 * (so the store can pass a cached query and the client an in-memory list).
 */
export type Lookup<V> = ReadonlyMap<string, V> | readonly V[] | ((id: string) => V | undefined);

export function lookup<V extends { id: string }>(source: Lookup<V>, id: string): V | undefined {
  if (typeof source === 'function') return source(id);
  if (Array.isArray(source)) return (source as readonly V[]).find((item) => item.id === id);
  return (source as ReadonlyMap<string, V>).get(id);
}

export const indexById = <V extends { id: string }>(items: readonly V[]): Map<string, V> =>
  new Map(items.map((item) => [item.id, item]));

/** Locations whose assignedPersonIds include the person: a technician's "own locations". */
export const ownLocations = (person: Pick<Person, 'id'>, locations: readonly Location[]): Location[] =>
  locations.filter((location) => location.assignedPersonIds.includes(person.id));

export const isOwnLocation = (person: Pick<Person, 'id'>, location: Location | undefined): boolean =>
  location !== undefined && location.assignedPersonIds.includes(person.id);

export const isActiveLocation = (location: Location): boolean => location.status === 'active';

const SUPERVISOR_ROLES: readonly Role[] = ['manager', 'admin'];
/** Managers and admins may act on any location and decide requests. */
export const isSupervisor = (person: Pick<Person, 'role'>): boolean => SUPERVISOR_ROLES.includes(person.role);

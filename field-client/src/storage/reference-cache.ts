import type { Location, Person, Product } from '@pco/domain';
import { STORAGE_LIMITS } from '../config';
import { FieldClientError } from '../errors';
import { STORAGE_KEYS, type KeyValueStorage } from './key-value-storage';

const LOCATIONS_KEY = 'cache:locations';
const PERSONS_KEY = 'cache:persons';

export interface ReferenceCache {
  products: Product[];
  locations: Location[];
  persons: Person[];
}

/**
 * Product cache rule: only ACTIVE products are kept (spec: "All active products"). If the active
 * set is still above maxCachedProducts the whole save is REFUSED with PRODUCT_CACHE_FULL and the
 * previous cache stays as it was: a silently truncated catalogue would make valid products look
 * unknown offline, which is worse than an explicit error the app can show.
 */
export async function saveReferenceData(
  storage: KeyValueStorage,
  data: Partial<ReferenceCache>,
  maxProducts: number = STORAGE_LIMITS.maxCachedProducts,
): Promise<void> {
  if (data.products) {
    const active = data.products.filter((p) => p.active);
    if (active.length > maxProducts) {
      throw new FieldClientError(
        'PRODUCT_CACHE_FULL',
        `${active.length} active products exceed the cache limit of ${maxProducts}`,
      );
    }
    await storage.setItem(STORAGE_KEYS.products, active);
  }
  if (data.locations) await storage.setItem(LOCATIONS_KEY, data.locations);
  if (data.persons) await storage.setItem(PERSONS_KEY, data.persons);
}

export async function loadReferenceData(storage: KeyValueStorage): Promise<ReferenceCache> {
  const [products, locations, persons] = await Promise.all([
    storage.getItem<Product[]>(STORAGE_KEYS.products),
    storage.getItem<Location[]>(LOCATIONS_KEY),
    storage.getItem<Person[]>(PERSONS_KEY),
  ]);
  return { products: products ?? [], locations: locations ?? [], persons: persons ?? [] };
}

/** Drops inactive products and, if still over the limit, the products beyond it by name order. */
export async function trimProductCache(
  storage: KeyValueStorage,
  maxProducts: number = STORAGE_LIMITS.maxCachedProducts,
): Promise<number> {
  const products = (await storage.getItem<Product[]>(STORAGE_KEYS.products)) ?? [];
  const kept = products
    .filter((p) => p.active)
    .sort((a, b) => a.name.localeCompare(b.name))
    .slice(0, maxProducts);
  if (kept.length !== products.length) await storage.setItem(STORAGE_KEYS.products, kept);
  return products.length - kept.length;
}

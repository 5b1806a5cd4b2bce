/**
 * Custom Temporal search attributes. The dev server registers them at start
 * (`--search-attribute Name=Keyword`), workflows upsert them, and operators filter by them in
 * the Temporal UI, e.g. `ConflictStatus = "open" AND LocationId = "loc-van-1"`.
 */
export const SEARCH_ATTRIBUTES = {
  ConflictStatus: 'Keyword',
  DeviceId: 'Keyword',
  LocationId: 'Keyword',
  ProductId: 'Keyword',
  Severity: 'Keyword',
} as const;

export type SearchAttributeName = keyof typeof SEARCH_ATTRIBUTES;

export const SEARCH_ATTRIBUTE_NAMES = Object.keys(SEARCH_ATTRIBUTES) as SearchAttributeName[];

/** `--search-attribute` values for `temporal server start-dev`. */
export function searchAttributeFlags(): string[] {
  return SEARCH_ATTRIBUTE_NAMES.flatMap((name) => ['--search-attribute', `${name}=${SEARCH_ATTRIBUTES[name]}`]);
}

/**
 * Deterministic JSON: object keys sorted, `undefined` members dropped, no whitespace.
 * Two structurally equal values always give the same string, whatever their key order,
 * so the store can hash it (hash chain, replay comparison) in any runtime.
 *
 * Written with loops and string appends (no map/filter/join arrays): it runs for every synced
 * event on the gateway's hot path.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return canonicalArray(value);
  return canonicalMembers(value as Record<string, unknown>, null);
}

/** `"key":` per member name: events repeat the same few names, so keep their JSON (bounded). */
const KEY_PREFIXES = new Map<string, string>();
const KEY_PREFIXES_MAX = 1_000;

export function memberPrefix(key: string): string {
  let prefix = KEY_PREFIXES.get(key);
  if (prefix === undefined) {
    prefix = `${JSON.stringify(key)}:`;
    if (KEY_PREFIXES.size < KEY_PREFIXES_MAX) KEY_PREFIXES.set(key, prefix);
  }
  return prefix;
}

function canonicalArray(items: unknown[]): string {
  let out = '[';
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out += ',';
    // A hole stays empty, as Array.prototype.map + join would leave it.
    if (i in items) out += canonicalJson(items[i] === undefined ? null : items[i]);
  }
  return `${out}]`;
}

/**
 * `{...}` of the record's own enumerable keys, sorted, without `omit`. Any value works as a
 * record, exactly as an object spread of it would (a string gives its indices, a number nothing).
 */
export function canonicalMembers(record: Record<string, unknown>, omit: ReadonlySet<string> | null): string {
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    if (omit !== null && omit.has(key)) continue;
    const member = record[key];
    if (member === undefined) continue;
    out += `${first ? '' : ','}${memberPrefix(key)}${canonicalJson(member)}`;
    first = false;
  }
  return `${out}}`;
}

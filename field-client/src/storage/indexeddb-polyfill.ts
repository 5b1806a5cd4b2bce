/**
 * In Node there is no IndexedDB; fake-indexeddb provides one in memory so localforage takes the
 * SAME code path as in the browser (its IndexedDB driver, structured clone of values, CryptoKey
 * included). It must load before localforage, because localforage detects its drivers when its
 * module is first evaluated. In a browser `indexedDB` exists and nothing is loaded.
 *
 * Limit: fake-indexeddb lives in process memory. Durability across a real process restart is
 * NOT modelled; "survives a restart" is tested by a new engine instance over the same db name.
 */
if (typeof (globalThis as { indexedDB?: unknown }).indexedDB === 'undefined') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('fake-indexeddb/auto');
}

export {};

/**
 * The one storage interface the engine uses. Values must be structured-clonable (IndexedDB
 * semantics): plain JSON objects and CryptoKey objects. Every write is awaited before the
 * caller proceeds: "persisted" in this engine means "setItem resolved".
 */
export interface KeyValueStorage {
  getItem<T>(key: string): Promise<T | null>;
  setItem<T>(key: string, value: T): Promise<T>;
  removeItem(key: string): Promise<void>;
  keys(): Promise<string[]>;
  clear(): Promise<void>;
}

/** Every key the engine writes, in one place so recovery knows what to keep and what to parse. */
export const STORAGE_KEYS = {
  deviceKeys: 'device:keys',
  deviceRegistration: 'device:registration',
  sequence: 'device:sequence',
  /** { sequenceNumber, hash } of the last event queued: the next event's previousEventHash. */
  chainHead: 'device:chain-head',
  pendingEvents: 'queue:events',
  archivedEvents: 'queue:archive',
  syncState: 'sync:state',
  serverOnHand: 'view:server-on-hand',
  products: 'cache:products',
  snapshotPrefix: 'snapshot:',
  corruptionReports: 'recovery:reports',
  /** Photo bytes by SHA-256: `attachment:<sha256>`. */
  attachmentPrefix: 'attachment:',
} as const;

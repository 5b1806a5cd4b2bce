/** Reads for the workers, the console and pulls: one home for queries outside the write path. */
export * from './persons';
export * from './ping';
export * from './database-info';
export * from './event-audit';

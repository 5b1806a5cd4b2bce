/**
 * Every workflow the worker registers. The worker bundles this file (workflowsPath), so it must
 * stay deterministic: no Node built-ins, no I/O, no clocks — eslint.config.js enforces the imports.
 */
export * from './ping';
export type * from './activity-contracts';
export * from './conflict';
export * from './revocation';
export * from './recovery';
export * from './monitoring';
export * from './evidence';

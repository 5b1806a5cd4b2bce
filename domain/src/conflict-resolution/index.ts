/**
 * Conflict resolution, one home: who may decide what (decisions.ts), what a decision writes
 * (plan.ts) and the two resolution events it is built from (resolution-events.ts).
 */
export * from './decisions';
export * from './plan';
export * from './resolution-events';

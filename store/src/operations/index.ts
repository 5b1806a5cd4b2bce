/**
 * Operations: what the Temporal workers write and read for revocation, recovery, clock-skew
 * review, monitoring alerts and conflict resolution. Activities call these and stay thin.
 */
export * from './conflicts/apply-resolution';
export * from './conflicts/severity';
export * from './revocation/quarantine';
export * from './revocation/custody-disputes';
export * from './revocation/device-revocation';
export * from './recovery/plan';
export * from './recovery/waves';
export * from './recovery/clock-skew';
export * from './monitoring/alerts';
export * from './monitoring/snapshot';
export * from './evidence/verify-log';
export * from './evidence/integrity-alert';
export * from './cluster/socket-io-attachments';
export * from './cluster/metrics-readings';
export * from './backup';

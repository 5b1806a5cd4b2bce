/**
 * @pco/workers: the Temporal worker process and what `npm start`, the ops CLIs and tests wire
 * from it. Activities implement the contracts declared in @pco/workflows; this index is the only
 * door into the package (package.json `exports`).
 */
export {
  createWorkerActivities,
  createWorker,
  runWorker,
  type ActivityDeps,
  type RunWorkerOptions,
  type RunningWorker,
} from './worker';
export {
  startWorkerServices,
  DEFAULT_CONFLICT_SWEEP_INTERVAL_MS,
  type WorkerServices,
  type WorkerServicesOptions,
} from './worker-services';
export {
  connectClient,
  connectWorkerConnection,
  type TemporalClientHandle,
  type TemporalTarget,
} from './temporal-connection';
export {
  createSmtpMailer,
  mailerFromConfig,
  MailSendError,
  type Mailer,
  type MailMessage,
  type SmtpSettings,
} from './mail/mailer';
export {
  conflictDecisionHook,
  conflictStarterHook,
  createConflictActivities,
  createDeviceNotifier,
  InMemoryDeviceOutbox,
  socketIoDeviceSockets,
  startConflictWorkflow,
  startConflictWorkflows,
  startMissingConflictWorkflows,
  type ConflictMailer,
  type DeviceNotifier,
  type DeviceOutbox,
  type DeviceSockets,
} from './activities/conflict';
export {
  createMonitoringActivities,
  ensureMonitoringSchedule,
  type MonitoringScheduleOptions,
} from './activities/monitoring';
export {
  createRecoveryActivities,
  createClockSkewActivities,
  type FleetPort,
  type ComeBackNotice,
} from './activities/recovery';
export {
  createOperationsActivities,
  type GatewayPort,
  type MailPort,
  type OperationsActivityDeps,
} from './activities/revocation';
export { createPingActivities, type PingDeps } from './activities/ping';
export {
  outboxDeviceNotifier,
  outboxFleetPort,
  outboxGatewayPort,
  type OutboxDeps,
} from './notifications/outbox-ports';
export { createWorkerMetrics } from './metrics/worker-metrics';

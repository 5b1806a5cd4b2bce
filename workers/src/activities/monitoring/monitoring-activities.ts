/** Activities of the monitoring workflow, bound to the ORM, the clock and the mailer. */
import { forkEm, loadSnapshot, managerEmails, raiseAndResolve } from '@pco/store';
import type { MonitoringActivities } from '@pco/workflows';
import type { MailPort, OperationsDeps } from '../revocation/ports';
import { alertsEmail } from './alerts-email';

export interface MonitoringDeps extends OperationsDeps {
  mailer: MailPort;
}

export function createMonitoringActivities(deps: MonitoringDeps): MonitoringActivities {
  return {
    loadMonitoringSnapshot: () => loadSnapshot(forkEm(deps.orm), deps.now()),
    raiseAlerts: ({ alerts, observedAt }) => raiseAndResolve(forkEm(deps.orm), alerts, observedAt),
    async notifyManagersOfAlerts({ alerts }) {
      const managers = await managerEmails(deps.orm, 'id');
      const message = alertsEmail(alerts);
      for (const email of managers) await deps.mailer.send({ to: email, ...message });
      return managers.length;
    },
  };
}

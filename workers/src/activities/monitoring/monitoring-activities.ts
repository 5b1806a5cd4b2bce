/** Activities of the monitoring workflow, bound to the ORM, the clock and the mailer. */
import type { MonitoringActivities } from '@pco/workflows';
import { forkEm, type MailPort, type OperationsDeps } from '../revocation/ports';
import { alertsEmail, raiseAndResolve } from './alerts-store';
import { loadSnapshot } from './snapshot';

export interface MonitoringDeps extends OperationsDeps {
  mailer: MailPort;
}

export function createMonitoringActivities(deps: MonitoringDeps): MonitoringActivities {
  return {
    loadMonitoringSnapshot: () => loadSnapshot(forkEm(deps.orm), deps.now()),
    raiseAlerts: ({ alerts, observedAt }) => raiseAndResolve(forkEm(deps.orm), alerts, observedAt),
    async notifyManagersOfAlerts({ alerts }) {
      const managers = await forkEm(deps.orm).execute<Array<{ email: string }>>("select email from persons where role = 'manager' order by id");
      const message = alertsEmail(alerts);
      for (const manager of managers) await deps.mailer.send({ to: manager.email, ...message });
      return managers.length;
    },
  };
}

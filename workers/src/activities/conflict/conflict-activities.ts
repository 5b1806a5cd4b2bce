/**
 * Activities of the conflict workflow, bound to their dependencies by a factory. Each forks its
 * own EntityManager; each is safe to retry (see apply-resolution.ts for the transactional one).
 */
import type { ConflictActivities, ConflictEmailRequest, ConflictSeverity } from '@pco/workflows';
import { applyResolution } from './apply-resolution';
import { conflictEmail } from './conflict-email';
import { forkEm, type ConflictActivityDeps } from './deps';

const SEVERITY_ORDER: readonly ConflictSeverity[] = ['info', 'warning', 'critical'];

export function createConflictActivities(deps: ConflictActivityDeps): ConflictActivities {
  return {
    async notifyDevice({ deviceId, message }) {
      return deps.notifier.notify(deviceId, message);
    },

    async sendConflictEmail(request) {
      const recipients = await recipientsOf(deps, request);
      if (recipients.length > 0) await deps.mailer.send(conflictEmail(request, recipients, deps.consoleUrl));
      return { recipients };
    },

    async setConflictSeverity({ conflictId, severity }) {
      // Only upwards, and only while open: a late timer never downgrades or touches a resolved conflict.
      const lower = SEVERITY_ORDER.slice(0, SEVERITY_ORDER.indexOf(severity));
      if (lower.length === 0) return;
      // MikroORM expands an array parameter into a list: `in (?)` becomes `in ('info', 'warning')`.
      await forkEm(deps.orm).execute(
        "update conflicts set severity = ? where id = ? and status = 'open' and severity in (?)",
        [severity, conflictId, lower],
      );
    },

    async applyResolution(request) {
      return applyResolution(deps, request);
    },
  };
}

/** The technician's address, or every manager's. */
async function recipientsOf(deps: ConflictActivityDeps, request: ConflictEmailRequest): Promise<string[]> {
  const em = forkEm(deps.orm);
  const rows =
    request.audience === 'technician'
      ? await em.execute<Array<{ email: string }>>('select email from persons where id = ?', [request.technicianId])
      : await em.execute<Array<{ email: string }>>("select email from persons where role = 'manager' order by email");
  return rows.map((r) => r.email);
}

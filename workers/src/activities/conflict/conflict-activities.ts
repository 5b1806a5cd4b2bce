/**
 * Activities of the conflict workflow, bound to their dependencies by a factory. Each forks its
 * own EntityManager; each is safe to retry (see apply-resolution.ts for the transactional one).
 */
import type { ConflictActivities, ConflictEmailRequest, ConflictSeverity } from '@pco/workflows';
import { managerEmails, personContact, raiseConflictSeverity } from '@pco/store';
import { applyResolution } from './apply-resolution';
import { conflictEmail } from './conflict-email';
import type { ConflictActivityDeps } from './deps';

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
      await raiseConflictSeverity(
        deps.orm,
        conflictId,
        severity,
        SEVERITY_ORDER.slice(0, SEVERITY_ORDER.indexOf(severity)),
      );
    },

    async applyResolution(request) {
      return applyResolution(deps, request);
    },
  };
}

/** The technician's address, or every manager's. */
async function recipientsOf(deps: ConflictActivityDeps, request: ConflictEmailRequest): Promise<string[]> {
  if (request.audience !== 'technician') return managerEmails(deps.orm, 'email');
  const technician = await personContact(deps.orm, request.technicianId);
  return technician ? [technician.email] : [];
}

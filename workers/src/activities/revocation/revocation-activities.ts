/**
 * Activities of the revocation workflow. Each is idempotent (retries and re-runs of the workflow
 * find the work done and return the same result); the store's operations hold every row they
 * touch (store/src/operations/revocation/), so these only bind inputs, ports and the clock.
 */
import type { PersonId } from '@pco/domain';
import {
  markDeviceRevoked,
  openCustodyDisputes,
  personContact,
  quarantineHeldAndReported,
  queueRevocationReview,
  forkEm,
} from '@pco/store';
import type { RevocationActivities } from '@pco/workflows';
import type { GatewayPort, MailPort, OperationsDeps } from './ports';
import { revocationEmail } from './revocation-email';

export { DeviceNotFoundError } from '@pco/store';

export interface RevocationDeps extends OperationsDeps {
  mailer: MailPort;
  gateway: GatewayPort;
}

export function createRevocationActivities(deps: RevocationDeps): RevocationActivities {
  return {
    markDeviceRevoked: ({ deviceId, reason }) => markDeviceRevoked(deps.orm, { deviceId, reason, now: deps.now() }),

    async disconnectRevokedDevice({ deviceId, reason }) {
      await deps.gateway.disconnectDevice(deviceId, reason);
    },

    quarantinePendingEvents: ({ deviceId, reportedPendingEvents }) =>
      quarantineHeldAndReported(forkEm(deps.orm), deviceId, reportedPendingEvents, deps.now()),

    openCustodyDisputes: ({ deviceId, userId, reason, revokedBy }) =>
      openCustodyDisputes(forkEm(deps.orm), { deviceId, userId, reason, revokedBy, now: deps.now() }),

    async notifyUserDevices({ deviceId, userId, reason }) {
      const notifiedDevices = await deps.gateway.notifyPersonDevices(userId, { deviceId, reason }, deviceId);
      return { notifiedDevices };
    },

    async emailUserAboutRevocation(input) {
      const person = await personOf(deps, input.userId);
      await deps.mailer.send({ to: person.email, ...revocationEmail({ ...input, personName: person.name }) });
    },

    queueManagerReview: (input) =>
      queueRevocationReview(deps.orm, {
        deviceId: input.deviceId,
        userId: input.userId,
        reason: input.reason,
        revokedBy: input.revokedBy,
        disputeIds: input.disputes.map((d) => d.disputeId),
        quarantined: input.quarantined,
        now: deps.now(),
      }),
  };
}

async function personOf(deps: OperationsDeps, personId: PersonId): Promise<{ name: string; email: string }> {
  const person = await personContact(deps.orm, personId);
  if (!person) throw new Error(`person ${personId} not found`);
  return person;
}

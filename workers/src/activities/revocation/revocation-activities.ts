/**
 * Activities of the revocation workflow. Each is idempotent (retries and re-runs of the workflow
 * find the work done and return the same result), and each touches the database in one
 * transaction. SQL placeholders are `?`: MikroORM's raw execute formats them.
 */
import type { DeviceId, PersonId } from '@pco/domain';
import type { MarkRevokedResult, OpenedDispute, RevocationActivities } from '@pco/workflows';
import { forkEm, type GatewayPort, type MailPort, type OperationsDeps } from './ports';
import { openCustodyDisputes } from './custody-disputes';
import { quarantineHeldAndReported } from './quarantine';
import { revocationEmail } from './revocation-email';

export interface RevocationDeps extends OperationsDeps {
  mailer: MailPort;
  gateway: GatewayPort;
}

export class DeviceNotFoundError extends Error {
  readonly code = 'UNKNOWN_DEVICE';
}

interface DeviceRow {
  user_id: string;
  status: string;
  revoked_at: Date | null;
}

export function createRevocationActivities(deps: RevocationDeps): RevocationActivities {
  return {
    async markDeviceRevoked({ deviceId, reason }): Promise<MarkRevokedResult> {
      return forkEm(deps.orm).transactional(async (em) => {
        const [row] = await em.execute<DeviceRow[]>('select user_id, status, revoked_at from devices where id = ? for update', [deviceId]);
        if (!row) throw new DeviceNotFoundError(`device ${deviceId} is not registered`);
        if (row.status === 'revoked' && row.revoked_at) {
          return { userId: row.user_id, revokedAt: new Date(row.revoked_at).toISOString(), alreadyRevoked: true };
        }
        const revokedAt = deps.now().toISOString();
        await em.execute("update devices set status = 'revoked', revoked_at = ?::timestamptz, revoked_reason = ? where id = ?", [revokedAt, reason, deviceId]);
        return { userId: row.user_id, revokedAt, alreadyRevoked: false };
      });
    },

    async disconnectRevokedDevice({ deviceId, reason }) {
      await deps.gateway.disconnectDevice(deviceId, reason);
    },

    async quarantinePendingEvents({ deviceId, reportedPendingEvents }) {
      return quarantineHeldAndReported(forkEm(deps.orm), deviceId, reportedPendingEvents, deps.now());
    },

    async openCustodyDisputes({ deviceId, userId, reason, revokedBy }) {
      return openCustodyDisputes(forkEm(deps.orm), { deviceId, userId, reason, revokedBy, now: deps.now() });
    },

    async notifyUserDevices({ deviceId, userId, reason }) {
      const notifiedDevices = await deps.gateway.notifyPersonDevices(userId, { deviceId, reason }, deviceId);
      return { notifiedDevices };
    },

    async emailUserAboutRevocation(input) {
      const person = await personOf(deps, input.userId);
      await deps.mailer.send({ to: person.email, ...revocationEmail({ ...input, personName: person.name }) });
    },

    async queueManagerReview(input) {
      return queueRevocationReview(deps, input);
    },
  };
}

async function personOf(deps: OperationsDeps, personId: PersonId): Promise<{ name: string; email: string }> {
  const [person] = await forkEm(deps.orm).execute<Array<{ name: string; email: string }>>('select name, email from persons where id = ?', [personId]);
  if (!person) throw new Error(`person ${personId} not found`);
  return person;
}

/** One review item per revoked device (unique kind + subject): a re-run finds the same item. */
async function queueRevocationReview(
  deps: OperationsDeps,
  input: { deviceId: DeviceId; userId: PersonId; reason: string; revokedBy: PersonId; disputes: OpenedDispute[]; quarantined: number },
): Promise<{ reviewItemId: string }> {
  const reviewItemId = `review-device-revocation-${input.deviceId}`;
  const details = { userId: input.userId, reason: input.reason, revokedBy: input.revokedBy, quarantined: input.quarantined, disputeIds: input.disputes.map((d) => d.disputeId) };
  await forkEm(deps.orm).execute(
    `insert into review_queue (id, kind, subject_id, title, details, created_at)
     values (?, 'device_revocation', ?, ?, ?::jsonb, ?::timestamptz) on conflict (kind, subject_id) do nothing`,
    [reviewItemId, input.deviceId, `Device ${input.deviceId} revoked: ${input.reason}`, JSON.stringify(details), deps.now().toISOString()],
  );
  return { reviewItemId };
}


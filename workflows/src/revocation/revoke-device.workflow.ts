/**
 * Spec "Device Revocation": revoke first (so the gateway refuses the device at once), then
 * quarantine, dispute the custody, tell the user and queue a manager review. Every step is an
 * idempotent activity, so a retried or replayed run never doubles a dispute or an email row.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { RevocationActivities, RevokeDeviceInput } from './activity-types';

const { markDeviceRevoked, disconnectRevokedDevice, quarantinePendingEvents, openCustodyDisputes } =
  proxyActivities<RevocationActivities>({ startToCloseTimeout: '1 minute', retry: { maximumAttempts: 10 } });

// Mail and socket pushes may wait on outside services: longer timeout, more patient retry.
const { notifyUserDevices, emailUserAboutRevocation, queueManagerReview } = proxyActivities<RevocationActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes' },
});

export interface RevokeDeviceResult {
  deviceId: string;
  revokedAt: string;
  quarantined: number;
  disputeIds: string[];
  reviewItemId: string;
}

export const revokeDeviceWorkflowId = (deviceId: string): string => `revoke-device-${deviceId}`;

export async function revokeDeviceWorkflow(input: RevokeDeviceInput): Promise<RevokeDeviceResult> {
  const { deviceId, reason, revokedBy } = input;
  const { userId, revokedAt } = await markDeviceRevoked({ deviceId, reason, revokedBy });
  await disconnectRevokedDevice({ deviceId, reason });
  const { quarantined } = await quarantinePendingEvents({
    deviceId,
    reportedPendingEvents: input.reportedPendingEvents ?? [],
  });
  const disputes = await openCustodyDisputes({ deviceId, userId, reason, revokedBy });
  await notifyUserDevices({ deviceId, userId, reason });
  await emailUserAboutRevocation({ deviceId, userId, reason, disputes, quarantined });
  const { reviewItemId } = await queueManagerReview({ deviceId, userId, reason, revokedBy, disputes, quarantined });
  return { deviceId, revokedAt, quarantined, disputeIds: disputes.map((d) => d.disputeId), reviewItemId };
}

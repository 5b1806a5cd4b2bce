/** The email a technician gets when one of their devices is revoked. */
import type { OpenedDispute } from '@pco/workflows';

export function revocationEmail(input: {
  personName: string;
  deviceId: string;
  reason: string;
  disputes: OpenedDispute[];
  quarantined: number;
}): { subject: string; text: string } {
  const custody = input.disputes.map(
    (d) => `  - ${d.quantity} ${d.unit} of ${d.productId} at ${d.locationId} (dispute ${d.disputeId})`,
  );
  return {
    subject: `Your device ${input.deviceId} was revoked`,
    text: [
      `Hello ${input.personName},`,
      '',
      `Your device ${input.deviceId} was revoked: ${input.reason}.`,
      `It can no longer sync. ${input.quarantined} event(s) still pending from it were quarantined for review, not applied.`,
      custody.length > 0
        ? 'The stock in your custody is under dispute until a manager reviews it:'
        : 'No stock in your custody needed a dispute.',
      ...custody,
      '',
      'If you did not expect this, contact your manager.',
    ].join('\n'),
  };
}

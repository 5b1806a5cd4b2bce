/** The text of the three conflict emails. Every one links to the conflict's page in the console. */
import type { ConflictEmailRequest } from '@pco/workflows';
import type { MailMessage } from '../../mail/mailer';
import { conflictLink } from './deps';

const SUBJECTS: Record<ConflictEmailRequest['reason'], (what: string) => string> = {
  unacknowledged: (what) => `Action needed: inventory conflict on ${what}`,
  escalated: (what) => `Conflict escalated to managers: ${what}`,
  critical: (what) => `CRITICAL: inventory conflict still unresolved: ${what}`,
};

const OPENINGS: Record<ConflictEmailRequest['reason'], string> = {
  unacknowledged:
    'One of your synced events conflicts with the server and has not been acknowledged. Your device holds its next events until the conflict is resolved.',
  escalated: 'A technician escalated an inventory conflict to the managers.',
  critical:
    'An inventory conflict has stayed unresolved past the critical limit. The device that raised it cannot sync its later events until it is resolved.',
};

export function conflictEmail(request: ConflictEmailRequest, to: string[], consoleUrl: string): MailMessage {
  const what = `${request.productId}${request.locationId ? ` at ${request.locationId}` : ''}`;
  const { requested, available } = request.details;
  const lines = [
    OPENINGS[request.reason],
    '',
    `Conflict: ${request.details.type}`,
    request.details.message,
    ...(requested ? [`Requested: ${requested.value} ${requested.unit}`] : []),
    ...(available ? [`Available: ${available.value} ${available.unit}`] : []),
    '',
    `Resolve it here: ${conflictLink(consoleUrl, request.conflictId)}`,
  ];
  return { to, subject: SUBJECTS[request.reason](what), text: lines.join('\n') };
}

/**
 * What the conflict activities need, as narrow ports. The worker wires the real ones: the ORM,
 * the SMTP mailer, the gateway's device notifier, the clock and the console's base URL.
 */
import type { DeviceId } from '@pco/domain';
import type { StoreOrm } from '@pco/store';
import type { DeviceConflictMessage } from '@pco/workflows';
import type { MailMessage } from '../../mail/mailer';

export interface ConflictMailer {
  send(message: MailMessage): Promise<void>;
}

/** Delivers a conflict message to a device now, or keeps it for the device's next connection. */
export interface DeviceNotifier {
  notify(deviceId: DeviceId, message: DeviceConflictMessage): Promise<{ delivered: boolean }>;
}

export interface ConflictActivityDeps {
  orm: StoreOrm;
  mailer: ConflictMailer;
  notifier: DeviceNotifier;
  now: () => Date;
  /** Base URL of the Remix console; emails link to `${consoleUrl}/conflicts/${conflictId}`. */
  consoleUrl: string;
}

export const conflictLink = (consoleUrl: string, conflictId: string): string =>
  `${consoleUrl.replace(/\/+$/, '')}/conflicts/${encodeURIComponent(conflictId)}`;

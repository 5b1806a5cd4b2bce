/**
 * What the operations activities need from the outside world, as narrow ports: the ORM, the
 * clock, mail, and the gateway's socket pushes. The worker wires real implementations; tests
 * wire real ones too (PostgreSQL, smtp-server), plus recorders for the gateway they do not run.
 */
import type { DeviceId, PersonId } from '@pco/domain';
import type { StoreOrm } from '@pco/store';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Sending one email; the conflict engineer's nodemailer mailer satisfies it. */
export interface MailPort {
  send(message: MailMessage): Promise<void>;
}

/** The sync gateway's side: refuse/disconnect a device, push a notice to a person's devices. */
export interface GatewayPort {
  /** Drops the device's live sockets; the gateway refuses new ones because the row says revoked. */
  disconnectDevice(deviceId: DeviceId, reason: string): Promise<void>;
  /** Pushes `device:revoked` to every connected device of the person except `exceptDeviceId`; returns how many got it. */
  notifyPersonDevices(
    personId: PersonId,
    notice: { deviceId: DeviceId; reason: string },
    exceptDeviceId: DeviceId,
  ): Promise<number>;
}

export interface OperationsDeps {
  orm: StoreOrm;
  now: () => Date;
}

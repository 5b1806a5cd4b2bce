/**
 * Outgoing mail over SMTP (nodemailer). One transport per mailer, pooled connections closed by
 * close(). Satisfies the operations activities' MailPort ({ send(message) }).
 */
import { createTransport, type Transporter } from 'nodemailer';

export interface MailMessage {
  to: string | string[];
  subject: string;
  text: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export interface SmtpSettings {
  host: string;
  port: number;
  /** "Name <address>" or an address. */
  from: string;
  /**
   * Skip STARTTLS even when offered: for the local development inbox and test servers, whose
   * certificates are self-signed or expired. Never set for a real relay.
   */
  ignoreTLS?: boolean;
  /** Implicit TLS (port 465 style). */
  secure?: boolean;
  auth?: { user: string; pass: string };
}

export class MailSendError extends Error {
  readonly code = 'MAIL_SEND_FAILED';
}

export function createSmtpMailer(settings: SmtpSettings): Mailer {
  const transport: Transporter = createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure ?? false,
    ignoreTLS: settings.ignoreTLS ?? false,
    auth: settings.auth,
    pool: true,
    maxConnections: 2,
  });
  return {
    async send(message) {
      const to = Array.isArray(message.to) ? message.to : [message.to];
      if (to.length === 0) throw new MailSendError('a message needs at least one recipient');
      const info = await transport.sendMail({ from: settings.from, to, subject: message.subject, text: message.text });
      const rejected = info.rejected ?? [];
      if (rejected.length > 0) throw new MailSendError(`SMTP rejected ${rejected.length} recipient(s)`);
    },
    close() {
      transport.close();
    },
  };
}

/** The mailer from @pco/config's `mail` section (SMTP_HOST, SMTP_PORT, MAIL_FROM). */
export function mailerFromConfig(
  mail: { smtpHost: string; smtpPort: number; from: string },
  options: { ignoreTLS?: boolean } = {},
): Mailer {
  return createSmtpMailer({ host: mail.smtpHost, port: mail.smtpPort, from: mail.from, ignoreTLS: options.ignoreTLS });
}

/**
 * Development catch-all inbox: an SMTP server that accepts every message (any sender, any
 * recipient, no auth), stores it as an .eml file plus a line in index.json under `dir`, and a
 * small web page listing them (newest first, links clickable). `npm start` runs it when
 * SMTP_HOST is this machine, so notification email is readable without a real mail server.
 *
 * STARTTLS is disabled: smtp-server's bundled certificate has expired, and the mailer is set
 * to ignore TLS for a local host.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Server as NetServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { usesDevMailInbox, type Config } from '@pco/config';
import type { Lifecycle } from './lifecycle';
import { parseMail, type ParsedMail } from './dev-mail-message';

export interface StoredMail extends ParsedMail {
  id: string;
  file: string;
}

export interface DevMailInboxOptions {
  dir: string;
  smtpHost: string;
  /** 0 ⇒ any free port (tests). */
  smtpPort: number;
  uiPort: number;
  uiHost?: string;
}

export interface DevMailInbox {
  smtpPort: number;
  uiUrl: string;
  messages(): StoredMail[];
  stop(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

export async function startDevMailInbox(options: DevMailInboxOptions): Promise<DevMailInbox> {
  mkdirSync(options.dir, { recursive: true });
  const indexFile = join(options.dir, 'index.json');
  const messages: StoredMail[] = existsSync(indexFile)
    ? (JSON.parse(readFileSync(indexFile, 'utf8')) as StoredMail[])
    : [];

  const store = (raw: Buffer, envelope: { from?: string; to: string[] }): void => {
    const receivedAt = new Date();
    const id = `${receivedAt.toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
    writeFileSync(join(options.dir, `${id}.eml`), raw);
    messages.push({ id, file: `${id}.eml`, ...parseMail(raw, envelope, receivedAt) });
    // Whole-file replace through a rename: a crash never leaves half an index behind.
    writeFileSync(`${indexFile}.tmp`, JSON.stringify(messages, null, 1));
    renameSync(`${indexFile}.tmp`, indexFile);
  };

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: MAX_MESSAGE_BYTES,
    closeTimeout: 2_000,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        try {
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined;
          store(Buffer.concat(chunks), { from, to: session.envelope.rcptTo.map((r) => r.address) });
          callback();
        } catch (error) {
          callback(error as Error);
        }
      });
    },
  });
  const http = createServer((request, response) => serve(request, response, options.dir, messages));
  try {
    await listen((done) => smtp.listen(options.smtpPort, options.smtpHost, done), smtp.server);
    await listen((done) => http.listen(options.uiPort, options.uiHost ?? '127.0.0.1', done), http);
  } catch (error) {
    await closeBoth(smtp, http);
    throw new Error(
      `dev mail inbox could not listen (SMTP ${options.smtpHost}:${options.smtpPort}, page ${options.uiPort}): ${String(error)}`,
    );
  }
  return {
    smtpPort: (smtp.server.address() as AddressInfo).port,
    uiUrl: `http://localhost:${(http.address() as AddressInfo).port}`,
    messages: () => [...messages],
    stop: () => closeBoth(smtp, http),
  };
}

/** For `npm start`: runs the inbox when SMTP_HOST is local, registers its stop, prints its URL. */
export async function startDevMailForStart(
  config: Config,
  lifecycle: Lifecycle,
  log: (line: string) => void,
): Promise<void> {
  const { smtpHost, smtpPort, devInboxUiPort } = config.mail;
  if (!usesDevMailInbox(config)) {
    log(`mail goes to ${smtpHost}:${smtpPort} (SMTP_HOST is not local: no dev inbox)`);
    return;
  }
  const dir = join(config.repoRoot, 'data/mail');
  const inbox = await startDevMailInbox({ dir, smtpHost, smtpPort, uiPort: devInboxUiPort });
  lifecycle.onStop('dev mail inbox', inbox.stop);
  log(`dev mail inbox ${inbox.uiUrl} (catches all mail sent to SMTP ${smtpHost}:${smtpPort}; files in ${dir})`);
}

function listen(start: (done: () => void) => void, server: NetServer): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    start(() => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function closeBoth(smtp: SMTPServer, http: Server): Promise<void> {
  http.closeAllConnections();
  await Promise.all([
    new Promise<void>((resolve) => smtp.close(() => resolve())),
    new Promise<void>((resolve) => (http.listening ? http.close(() => resolve()) : resolve())),
  ]);
}

function serve(request: IncomingMessage, response: ServerResponse, dir: string, messages: StoredMail[]): void {
  const path = (request.url ?? '/').split('?')[0];
  const raw = /^\/messages\/([\w-]+)\.eml$/.exec(path);
  if (path === '/') return send(response, 200, 'text/html; charset=utf-8', page(messages));
  if (path === '/messages.json')
    return send(response, 200, 'application/json', JSON.stringify([...messages].reverse()));
  if (raw && messages.some((m) => m.id === raw[1])) {
    return send(response, 200, 'message/rfc822', readFileSync(join(dir, `${raw[1]}.eml`)));
  }
  send(response, 404, 'text/plain; charset=utf-8', 'not found');
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  response.end(body);
}

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Escapes first, then turns http(s) URLs into links (the href keeps the escaped &amp;, as HTML wants). */
const linkify = (text: string): string =>
  escapeHtml(text).replace(/https?:\/\/[^\s<>"]+/g, (url) => `<a href="${url}">${url}</a>`);

function page(messages: StoredMail[]): string {
  const items = [...messages].reverse().map(
    (m) => `
<article>
  <h2>${escapeHtml(m.subject)}</h2>
  <p class="meta"><b>From</b> ${escapeHtml(m.from)} · <b>To</b> ${escapeHtml(m.to.join(', '))} · <b>Date</b> ${escapeHtml(m.date)} · <a href="/messages/${m.id}.eml">raw</a></p>
  <pre>${linkify(m.text)}</pre>
</article>`,
  );
  return `<!doctype html>
<html><head><meta charset="utf-8"><meta http-equiv="refresh" content="10"><title>Dev mail (${messages.length})</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem}article{border-top:1px solid #ccc;padding:.5rem 0}
h2{font-size:1.1rem;margin:.3rem 0}.meta{color:#555;font-size:.9rem}pre{white-space:pre-wrap;background:#f6f6f6;padding:.5rem}</style></head>
<body><h1>Development mail: ${messages.length} message(s)</h1><p>Every message sent to this machine's SMTP port lands here. Refreshes every 10 s.</p>
${items.join('\n') || '<p>No mail yet.</p>'}
</body></html>`;
}

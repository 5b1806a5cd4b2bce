/**
 * The development catch-all inbox with real parts: the project's mailer (nodemailer over SMTP)
 * sends to it, the web page shows the message, the .eml file and index survive a restart.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSmtpMailer } from '@pco/workers';
import { startDevMailInbox, type DevMailInbox, type StoredMail } from '../lib/dev-mail-inbox';

let dir: string;
let inbox: DevMailInbox | undefined;

const start = () => startDevMailInbox({ dir, smtpHost: '127.0.0.1', smtpPort: 0, uiPort: 0 });

async function sendOne(port: number, message: { to: string[]; subject: string; text: string }): Promise<void> {
  const mailer = createSmtpMailer({
    host: '127.0.0.1',
    port,
    from: 'PCO Inventory <no-reply@pco.test>',
    ignoreTLS: true,
  });
  try {
    await mailer.send(message);
  } finally {
    mailer.close();
  }
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pco-dev-mail-'));
});

afterEach(async () => {
  await inbox?.stop();
  inbox = undefined;
  rmSync(dir, { recursive: true, force: true });
});

it('Given the inbox, When the mailer sends a conflict email, Then the page lists from, to, subject, date and the body with a clickable link', async () => {
  inbox = await start();
  const link = 'http://localhost:3000/conflicts/c-1?tab=history&from=mail';

  await sendOne(inbox.smtpPort, {
    to: ['jordan.kim@pco.example', 'morgan.lee@pco.example'],
    subject: 'Action needed: conflict on Klebefallen für Müller',
    text: `Hello Jordan,\n\nOpen the conflict: ${link}\n\nA long line ${'x'.repeat(120)} ends here.`,
  });
  const html = await (await fetch(inbox.uiUrl)).text();
  const [listed] = (await (await fetch(`${inbox.uiUrl}/messages.json`)).json()) as StoredMail[];

  expect(html).toContain('Action needed: conflict on Klebefallen für Müller');
  expect(html).toContain('PCO Inventory &lt;no-reply@pco.test&gt;');
  expect(html).toContain('jordan.kim@pco.example, morgan.lee@pco.example');
  expect(html).toContain(`<a href="${link.replace(/&/g, '&amp;')}">`);
  expect(html).toContain(`A long line ${'x'.repeat(120)} ends here.`);
  expect(listed).toMatchObject({
    subject: 'Action needed: conflict on Klebefallen für Müller',
    to: ['jordan.kim@pco.example', 'morgan.lee@pco.example'],
  });
  expect(Date.parse(listed.date)).not.toBeNaN();
  expect(html).toContain(listed.date);
  const raw = await fetch(`${inbox.uiUrl}/messages/${listed.id}.eml`);
  expect(raw.headers.get('content-type')).toBe('message/rfc822');
  expect(await raw.text()).toContain('Subject: ');
});

it('Given stored messages, When the inbox restarts on the same folder, Then they are still listed and kept as .eml files', async () => {
  inbox = await start();
  await sendOne(inbox.smtpPort, { to: ['a@pco.example'], subject: 'first', text: 'one' });
  await sendOne(inbox.smtpPort, { to: ['b@pco.example'], subject: 'second', text: 'two' });
  await inbox.stop();

  inbox = await start();
  const listed = (await (await fetch(`${inbox.uiUrl}/messages.json`)).json()) as StoredMail[];

  expect(listed.map((m) => [m.subject, m.text])).toEqual([
    ['second', 'two'],
    ['first', 'one'],
  ]);
  for (const m of listed) expect(existsSync(join(dir, m.file))).toBe(true);
  expect(JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'))).toHaveLength(2);
});

it('Given an unknown message id or path, Then the page answers 404 and serves no file', async () => {
  inbox = await start();

  expect((await fetch(`${inbox.uiUrl}/messages/nope.eml`)).status).toBe(404);
  expect((await fetch(`${inbox.uiUrl}/messages/..%2Findex.json`)).status).toBe(404);
});

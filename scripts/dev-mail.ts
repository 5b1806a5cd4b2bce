/**
 * The development catch-all mail inbox on its own (`npx tsx scripts/dev-mail.ts`): the Compose
 * `mail` service, so the deployment sketch uses the same inbox as `npm start` and `npm run cluster`
 * instead of a third-party image. SMTP on SMTP_PORT, the page on DEV_MAIL_UI_PORT, bound to LISTEN_HOST.
 */
import { join } from 'node:path';
import { loadConfigOrExit } from '@pco/config';
import { startDevMailInbox } from './lib/dev-mail-inbox';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const inbox = await startDevMailInbox({
    dir: join(config.repoRoot, 'data/mail'),
    smtpHost: config.listenHost,
    smtpPort: config.mail.smtpPort,
    uiPort: config.mail.devInboxUiPort,
    uiHost: config.listenHost,
  });
  console.log(`dev mail inbox: SMTP ${config.listenHost}:${inbox.smtpPort}, page ${inbox.uiUrl}`);
  const stop = () => void inbox.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();

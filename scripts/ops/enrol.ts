/**
 * `npm run ops:enrol -- --person <personId> --by <managerId> [--ttl-minutes N]`: issues a one-time
 * enrolment code for one person (issue 7.1). The technician types it into the app to register a
 * phone; the code is printed once here (only its hash is stored), expires after N minutes
 * (ENROLMENT_CODE_TTL_MINUTES, 24 h by default) and registers one device. Managers and admins
 * only; the code's row records who issued it for whom and when. The console calls the same
 * `issueEnrolmentCode` of @pco/store. Uses DATABASE_URL, or the embedded database of `npm start`.
 */
import { loadConfigOrExit } from '@pco/config';
import { createOrm, databaseUrlFromEnv, issueEnrolmentCode } from '@pco/store';
import { parseArgs, parseNumber, UsageError, runCli } from './lib';

const USAGE = 'npm run ops:enrol -- --person <personId> --by <managerId> [--ttl-minutes N]';

async function main(argv: string[]): Promise<number> {
  const config = loadConfigOrExit();
  const { positional, flags } = parseArgs(argv, ['person', 'by', 'ttl-minutes']);
  const personId = flags.get('person');
  const issuedBy = flags.get('by');
  if (!personId || !issuedBy || positional.length > 0) throw new UsageError('--person and --by are required');
  const ttlText = flags.get('ttl-minutes');
  const ttlMs =
    ttlText === undefined
      ? config.auth.enrolmentCodeTtlMs
      : parseNumber(
          ttlText,
          '--ttl-minutes',
          (n) => Number.isInteger(n) && n > 0,
          'a positive whole number of minutes',
        ) * 60_000;
  const orm = await createOrm({ databaseUrl: databaseUrlFromEnv(), poolMax: 1 });
  try {
    const issued = await issueEnrolmentCode(orm, { personId, issuedBy, ttlMs, now: new Date() });
    if (!issued.ok) {
      console.error(`${issued.error.code}: ${issued.error.message}`);
      return 1;
    }
    const { code, expiresAt } = issued.value;
    console.log(`enrolment code for ${personId}, issued by ${issuedBy}, single use, expires ${expiresAt}:`);
    console.log(`code: ${code}`);
    console.log(
      'It is shown only now (the database keeps its hash). Give it to the person; they enter it when registering their phone.',
    );
    return 0;
  } finally {
    await orm.close(true);
  }
}

runCli(USAGE, main);

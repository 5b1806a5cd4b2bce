/**
 * `npm run verify-log`: verifies every stored signature, every device chain and the server's hash
 * chain (operations/evidence/verify-log.ts) against the configured database (npm start's embedded
 * one by default). Exits 0 when the log verifies, 1 naming the first bad event, 2 on an error, 64 on any argument.
 */
import { databaseUrlFromEnv } from '../config';
import { createOrm } from '../orm';
import { verifyWholeLog } from '../operations/evidence/verify-log';

async function main(): Promise<number> {
  if (process.argv.length > 2) {
    console.error(`unexpected argument ${process.argv[2]}\nusage: npm run verify-log`);
    return 64;
  }
  const orm = await createOrm({ databaseUrl: databaseUrlFromEnv(), poolMax: 1 });
  try {
    const summary = await verifyWholeLog(orm);
    if (summary.firstBad) {
      const bad = summary.firstBad;
      console.log(
        `BAD EVENT at position ${bad.position}: event ${bad.eventId}` +
          `${bad.deviceId ? ` (device ${bad.deviceId}, sequence ${bad.sequenceNumber})` : ''}: ${bad.reason}`,
      );
      console.log(`${summary.checked} event(s) verified before it`);
      return 1;
    }
    console.log(
      `event log verified: ${summary.checked} event(s), ${summary.signaturesVerified} device signature(s), ` +
        `server hash chain intact through position ${summary.lastPosition}`,
    );
    return 0;
  } finally {
    await orm.close(true);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);

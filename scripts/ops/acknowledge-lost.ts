/**
 * `npm run ops:acknowledge-lost -- <deviceId> <throughSequence> "<reason>" --by <managerId>`:
 * a device whose storage lost events it never uploaded is stuck behind SEQUENCE_GAP; this records
 * the missing numbers as lost (who, when, why) and moves its cursor past them. See
 * store/src/lost-sequences.ts. Uses DATABASE_URL, or the embedded database of `npm start`.
 */
import { acknowledgeLostSequences, createOrm, databaseUrlFromEnv } from '@pco/store';
import { parseArgs, parseNumber, UsageError, runCli } from './lib';

const USAGE = 'npm run ops:acknowledge-lost -- <deviceId> <throughSequence> "<reason>" --by <managerId>';

async function main(argv: string[]): Promise<number> {
  const { positional, flags } = parseArgs(argv, ['by']);
  const [deviceId, through, reason] = positional;
  const by = flags.get('by');
  if (!deviceId || !through || !reason || !by || positional.length > 3)
    throw new UsageError('device id, last lost sequence number, reason and --by are required');
  const throughSequence = parseNumber(
    through,
    'throughSequence',
    (n) => Number.isInteger(n) && n > 0,
    'a positive integer',
  );
  const orm = await createOrm({ databaseUrl: databaseUrlFromEnv(), poolMax: 1 });
  try {
    const result = await acknowledgeLostSequences(orm, {
      deviceId,
      throughSequence,
      acknowledgedBy: by,
      reason,
      now: new Date(),
    });
    if (!result.ok) {
      console.error(`${result.error.code}: ${result.error.message}`);
      return 1;
    }
    console.log(
      `device ${deviceId}: sequence number(s) ${result.value.sequences.join(', ')} recorded as lost; its next expected number is ${throughSequence + 1}`,
    );
    return 0;
  } finally {
    await orm.close(true);
  }
}

runCli(USAGE, main);

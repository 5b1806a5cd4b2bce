/**
 * `npm run projection:rebuild [-- --write]`: folds the whole log and compares it with on_hand.
 * Prints each difference; exits 1 when there is any (after replacing on_hand with --write), 64 on any other argument.
 */
import { databaseUrlFromEnv } from '../config';
import { createOrm } from '../orm';
import { rebuildProjection } from '../rebuild-projection';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  // A typo (`--wirte`) must not quietly run the read-only check and exit 0.
  const unknown = args.filter((arg) => arg !== '--write');
  if (unknown.length > 0) {
    console.error(`unexpected argument ${unknown[0]}\nusage: npm run projection:rebuild [-- --write]`);
    return 64;
  }
  const write = args.includes('--write');
  const orm = await createOrm({ databaseUrl: databaseUrlFromEnv(), poolMax: 1 });
  try {
    const { differences } = await rebuildProjection(orm, { write });
    for (const d of differences)
      console.log(`${d.location}\t${d.product}\tstored=${d.stored ?? 'none'}\trebuilt=${d.rebuilt ?? 'none'}`);
    console.log(
      `${differences.length} difference(s)${write && differences.length ? '; on_hand replaced by the rebuilt projection' : ''}`,
    );
    return differences.length === 0 ? 0 : 1;
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

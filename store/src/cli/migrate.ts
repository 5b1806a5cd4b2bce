/** `npm run db:migrate`: applies the committed migrations to DATABASE_URL. */
import { databaseUrlFromEnv } from '../config';
import { createOrm, migrateUp } from '../orm';

async function main(): Promise<void> {
  const orm = await createOrm({ databaseUrl: databaseUrlFromEnv(), poolMax: 1 });
  try {
    const applied = await migrateUp(orm);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
  } finally {
    await orm.close(true);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

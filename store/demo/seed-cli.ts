/** `npm run db:seed`: migrates, then loads the demo data into DATABASE_URL when it is empty. */
import { databaseUrlFromEnv } from '../src/config';
import { createOrm, migrateUp } from '../src/orm';
import { seedDemoData } from './seed';

async function main(): Promise<void> {
  const orm = await createOrm({ databaseUrl: databaseUrlFromEnv(), poolMax: 2 });
  try {
    await migrateUp(orm);
    const { seeded } = await seedDemoData(orm, new Date());
    console.log(seeded ? 'demo data seeded' : 'persons already present: seed skipped');
  } finally {
    await orm.close(true);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

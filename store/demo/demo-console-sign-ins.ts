/**
 * Demo console sign-ins for development only: `npm start` calls this (NODE_ENV=development) and
 * prints the passwords. Never run by tests or production; a person who already has a console
 * password keeps it.
 */
import { ConsoleCredentialEntity } from '../src/entities';
import { setConsolePassword } from '../src/operations/console-credentials';
import type { StoreOrm } from '../src/orm';
import type { Em } from '../src/sql';
import { DEMO, DEMO_PERSONS } from './demo-data';

export const DEMO_CONSOLE_SIGN_INS = [
  { personId: DEMO.persons.manager, role: 'manager', password: 'demo-manager-password' },
  { personId: DEMO.persons.admin, role: 'admin', password: 'demo-admin-password' },
].map((s) => ({ ...s, email: DEMO_PERSONS.find((p) => p.id === s.personId)!.email }));

/** Returns the sign-ins that work now (those whose password was set here or earlier by this seed). */
export async function seedDemoConsoleSignIns(orm: StoreOrm, now: Date): Promise<typeof DEMO_CONSOLE_SIGN_INS> {
  const em = orm.em.fork() as Em;
  for (const signIn of DEMO_CONSOLE_SIGN_INS) {
    if (await em.findOne(ConsoleCredentialEntity, { personId: signIn.personId })) continue;
    const set = await setConsolePassword(em, { personId: signIn.personId, password: signIn.password, now });
    if (!set.ok) throw new Error(`demo console sign-in for ${signIn.personId}: ${set.error.message}`);
  }
  return DEMO_CONSOLE_SIGN_INS;
}

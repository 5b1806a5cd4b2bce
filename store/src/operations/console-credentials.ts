/**
 * Console sign-in: scrypt (node:crypto) with a random 16-byte salt per password, so a stolen
 * table costs an attacker a slow, memory-hard hash per guess and per person. The stored text
 * carries its parameters (`scrypt$N$r$p$salt$hash`), so they can be raised later without
 * invalidating old hashes. Only managers and admins may sign in; technicians use the field app.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { err, ok, type Person, type Result } from '@pco/domain';
import { ConsoleCredentialEntity, PersonEntity } from '../entities';
import type { Em } from '../sql';

const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
/** scrypt needs 128·N·r bytes; Node's default cap (32 MiB) is exactly that, so give it room. */
const MAX_MEMORY = 64 * 1024 * 1024;
export const MIN_PASSWORD_LENGTH = 12;
const CONSOLE_ROLES = new Set(['manager', 'admin']);

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { N: n, r, p, maxmem: MAX_MEMORY }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(password, Buffer.from(salt, 'base64'), Number(n), Number(r), Number(p));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** Hashed once, so an unknown email costs as much time as a wrong password. */
let dummyHash: Promise<string> | undefined;

/** Sets (or replaces) a person's console password. */
export async function setConsolePassword(
  em: Em,
  input: { personId: string; password: string; now: Date },
): Promise<Result<void>> {
  if (input.password.length < MIN_PASSWORD_LENGTH)
    return err('VALIDATION_ERROR', `a password has at least ${MIN_PASSWORD_LENGTH} characters`);
  const person = await em.findOne(PersonEntity, { id: input.personId });
  if (!person) return err('UNKNOWN_PERSON', `no person ${input.personId}`);
  const passwordHash = await hashPassword(input.password);
  await em.upsert(ConsoleCredentialEntity, { personId: input.personId, passwordHash, updatedAt: input.now });
  return ok(undefined);
}

export type ConsolePerson = Pick<Person, 'id' | 'name' | 'email' | 'role'>;

/**
 * Checks an email and password. One message for every failure (unknown email, no console
 * password, wrong password) so the form does not tell which emails exist; a technician with the
 * right password is told plainly that the console is not for technicians.
 */
export async function verifyConsoleSignIn(
  em: Em,
  input: { email: string; password: string },
): Promise<Result<ConsolePerson>> {
  const refused = err('UNAUTHORIZED', 'email or password is wrong');
  const person = await em
    .createQueryBuilder(PersonEntity)
    .where('lower(email) = ?', [input.email.trim().toLowerCase()])
    .getSingleResult();
  const credential = person ? await em.findOne(ConsoleCredentialEntity, { personId: person.id }) : null;
  if (!person || !credential) {
    await verifyPassword(input.password, await (dummyHash ??= hashPassword('not-a-real-password')));
    return refused;
  }
  if (!(await verifyPassword(input.password, credential.passwordHash))) return refused;
  if (!CONSOLE_ROLES.has(person.role))
    return err('FORBIDDEN', 'the console is for managers and admins; technicians use the field app');
  return ok({ id: person.id, name: person.name, email: person.email, role: person.role as Person['role'] });
}

/** The signed-in person, re-read on every request: a role change or removal takes effect at once. */
export async function getConsolePerson(em: Em, personId: string): Promise<ConsolePerson | null> {
  const person = await em.findOne(PersonEntity, { id: personId });
  if (!person || !CONSOLE_ROLES.has(person.role)) return null;
  return { id: person.id, name: person.name, email: person.email, role: person.role as Person['role'] };
}

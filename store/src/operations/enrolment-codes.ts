/**
 * One-time enrolment codes: the only way a device gets registered for a person (issue 7.1).
 *
 * A manager or admin issues a code for one person; the code is high-entropy (100 bits), shown
 * once, and only its sha256 is stored, so a database reader cannot enrol a device. Redemption is
 * one conditional UPDATE (unused, unexpired, and for the person the request names, if it names
 * one) in the same transaction as the device insert: of two concurrent redemptions the second
 * waits on the row lock, re-reads it as used and is refused, so one code yields one device.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { err, ok, type ErrorCode, type Result } from '@pco/domain';
import type { StoreOrm } from '../orm';
import { registerDevice, type StoredDevice } from '../devices';
import { sha256Hex } from '../hashing';
import { getPerson } from '../reference-data';
import { queryOne, run, type Em } from '../sql';

export const DEFAULT_ENROLMENT_CODE_TTL_MS = 24 * 60 * 60_000;
/** A code lives at least a minute and at most 30 days: a typo must not make a code that never dies. */
export const MIN_ENROLMENT_CODE_TTL_MS = 60_000;
export const MAX_ENROLMENT_CODE_TTL_MS = 30 * 24 * 60 * 60_000;

/** Crockford base32 without I, L, O, U: nothing a person could misread when typing it into a phone. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_CHARS = 20;

export interface IssueEnrolmentCodeInput {
  /** The person the device will belong to. */
  personId: string;
  /** Must be a manager or an admin. */
  issuedBy: string;
  /** Lifetime in ms; DEFAULT_ENROLMENT_CODE_TTL_MS when omitted. */
  ttlMs?: number;
  now: Date;
}

export interface IssuedEnrolmentCode {
  /** Shown once: only its hash is stored. Format XXXX-XXXX-XXXX-XXXX-XXXX. */
  code: string;
  codeId: string;
  personId: string;
  issuedBy: string;
  issuedAt: string;
  expiresAt: string;
}

/** Upper case, without the dashes and spaces people type: what is hashed. */
export const normaliseEnrolmentCode = (code: string): string => code.toUpperCase().replace(/[\s-]/g, '');

export const enrolmentCodeHash = (code: string): string => sha256Hex(`pco-enrolment|${normaliseEnrolmentCode(code)}`);

function newCode(): string {
  // 20 × 5 bits from 13 random bytes (104 bits; the top 4 are dropped).
  let bits = BigInt(`0x${randomBytes(13).toString('hex')}`);
  let code = '';
  for (let i = 0; i < CODE_CHARS; i++) {
    code = ALPHABET[Number(bits & 31n)] + code;
    bits >>= 5n;
  }
  return code.match(/.{4}/g)!.join('-');
}

export async function issueEnrolmentCode(
  orm: StoreOrm,
  input: IssueEnrolmentCodeInput,
): Promise<Result<IssuedEnrolmentCode>> {
  const ttlMs = input.ttlMs ?? DEFAULT_ENROLMENT_CODE_TTL_MS;
  if (!Number.isInteger(ttlMs) || ttlMs < MIN_ENROLMENT_CODE_TTL_MS || ttlMs > MAX_ENROLMENT_CODE_TTL_MS) {
    return err(
      'VALIDATION_ERROR',
      `ttl must be between ${MIN_ENROLMENT_CODE_TTL_MS / 60_000} minute and ${MAX_ENROLMENT_CODE_TTL_MS / 86_400_000} days`,
    );
  }
  const em = orm.em.fork();
  const issuer = await getPerson(em, input.issuedBy);
  if (!issuer) return err('UNKNOWN_PERSON', `issuer ${input.issuedBy} does not exist`);
  if (issuer.role !== 'manager' && issuer.role !== 'admin')
    return err('FORBIDDEN', 'only a manager or an admin may issue enrolment codes');
  if (!(await getPerson(em, input.personId))) return err('UNKNOWN_PERSON', `person ${input.personId} does not exist`);
  const code = newCode();
  const codeId = randomUUID();
  const expiresAt = new Date(input.now.getTime() + ttlMs);
  await run(
    em,
    `insert into enrolment_codes (id, code_hash, person_id, issued_by, issued_at, expires_at) values ($1, $2, $3, $4, $5, $6)`,
    [codeId, enrolmentCodeHash(code), input.personId, input.issuedBy, input.now, expiresAt],
  );
  return ok({
    code,
    codeId,
    personId: input.personId,
    issuedBy: input.issuedBy,
    issuedAt: input.now.toISOString(),
    expiresAt: expiresAt.toISOString(),
  });
}

export interface EnrolDeviceInput {
  enrolmentCode: string;
  name: string;
  publicKey: string;
  /** When the request names a person, the code must have been issued for that person. */
  userId?: string;
  now: Date;
}

interface CodeRow {
  id: string;
  person_id: string;
  used_at: Date | null;
  expires_at: Date;
}

/** Refusal that rolls the enrolment transaction back. */
class EnrolmentRefused extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Redeems the code and registers the device in one transaction; the person comes from the code. */
export async function enrolDevice(orm: StoreOrm, input: EnrolDeviceInput): Promise<Result<StoredDevice>> {
  try {
    const device = await orm.em.fork().transactional(async (tem) => {
      const em = tem as Em;
      const hash = enrolmentCodeHash(input.enrolmentCode);
      const redeemed = await queryOne<CodeRow>(
        em,
        `update enrolment_codes set used_at = $2
         where code_hash = $1 and used_at is null and expires_at > $2 and ($3::text is null or person_id = $3)
         returning id, person_id, used_at, expires_at`,
        [hash, input.now, input.userId ?? null],
      );
      if (!redeemed) throw await refusalFor(em, hash, input);
      const stored = await registerDevice(em, {
        userId: redeemed.person_id,
        name: input.name,
        publicKey: input.publicKey,
        now: input.now,
      });
      await run(em, 'update enrolment_codes set used_by_device_id = $2 where id = $1', [redeemed.id, stored.id]);
      return stored;
    });
    return ok(device);
  } catch (error) {
    if (error instanceof EnrolmentRefused) return err(error.code, error.message);
    throw error;
  }
}

async function refusalFor(em: Em, hash: string, input: EnrolDeviceInput): Promise<EnrolmentRefused> {
  const row = await queryOne<CodeRow>(
    em,
    'select id, person_id, used_at, expires_at from enrolment_codes where code_hash = $1',
    [hash],
  );
  if (!row) return new EnrolmentRefused('ENROLMENT_CODE_INVALID', 'No such enrolment code');
  if (row.used_at)
    return new EnrolmentRefused(
      'ENROLMENT_CODE_USED',
      'This enrolment code was already used; ask a manager for a new one',
    );
  if (new Date(row.expires_at) <= input.now)
    return new EnrolmentRefused(
      'ENROLMENT_CODE_EXPIRED',
      'This enrolment code has expired; ask a manager for a new one',
    );
  return new EnrolmentRefused('ENROLMENT_CODE_INVALID', 'This enrolment code was issued for another person');
}

export interface EnrolmentAttempt {
  at: Date;
  clientAddress: string;
  /** The code presented, if any: links the attempt to the code it matched (never stored itself). */
  enrolmentCode?: string;
  /** 'REGISTERED' or the refusal's ErrorCode. */
  outcome: ErrorCode | 'REGISTERED';
  deviceId?: string;
  detail?: string;
}

/** Audit row for one registration attempt. */
export async function recordEnrolmentAttempt(orm: StoreOrm, attempt: EnrolmentAttempt): Promise<void> {
  const hash = attempt.enrolmentCode ? enrolmentCodeHash(attempt.enrolmentCode) : null;
  await run(
    orm.em.fork(),
    `insert into enrolment_attempts (attempted_at, client_address, enrolment_code_id, outcome, device_id, detail)
     values ($1, $2, (select id from enrolment_codes where code_hash = $3), $4, $5, $6)`,
    [
      attempt.at,
      attempt.clientAddress.slice(0, 200),
      hash,
      attempt.outcome,
      attempt.deviceId ?? null,
      attempt.detail?.slice(0, 500) ?? null,
    ],
  );
}

/**
 * Enrolment codes issued from the console's devices page: for a technician only (the console's
 * decision; `npm run ops:enrol` may issue for anyone), the code row and its console_audit row in
 * ONE transaction. The audit row names the code's id and expiry, never the code: the code is
 * shown once to the manager, and only its hash is stored.
 */
import { err, type Result } from '@pco/domain';
import { PersonEntity } from '../entities';
import { inTransaction, type Em } from '../sql';
import { recordConsoleAudit } from './console-audit';
import { issueEnrolmentCodeIn, type IssuedEnrolmentCode } from './enrolment-codes';

export interface ConsoleEnrolmentCodeInput {
  personId: string;
  actorId: string;
  ttlMs: number;
  now: Date;
}

export interface EnrolablePerson {
  id: string;
  name: string;
}

/** Technicians by name: whom the console issues enrolment codes for. */
export async function listTechnicians(em: Em): Promise<EnrolablePerson[]> {
  const rows = await em.find(PersonEntity, { role: 'technician' }, { orderBy: { name: 'asc', id: 'asc' } });
  return rows.map((p) => ({ id: p.id, name: p.name }));
}

export async function issueConsoleEnrolmentCode(
  em: Em,
  input: ConsoleEnrolmentCodeInput,
): Promise<Result<IssuedEnrolmentCode>> {
  return inTransaction(em, async (tem) => {
    const person = await tem.findOne(PersonEntity, { id: input.personId });
    if (!person) return err('UNKNOWN_PERSON', `person ${input.personId} does not exist`);
    if (person.role !== 'technician')
      return err('VALIDATION_ERROR', 'the console issues enrolment codes for technicians only');
    const issued = await issueEnrolmentCodeIn(tem, {
      personId: input.personId,
      issuedBy: input.actorId,
      ttlMs: input.ttlMs,
      now: input.now,
    });
    if (!issued.ok) return issued;
    await recordConsoleAudit(tem, {
      actorId: input.actorId,
      action: 'device.enrolment_code',
      target: `person:${input.personId}`,
      details: { codeId: issued.value.codeId, expiresAt: issued.value.expiresAt },
      at: input.now,
    });
    return issued;
  });
}

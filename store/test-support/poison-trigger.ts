/**
 * Test-only fault injection: a real database failure for one chosen event. Every input that
 * passes validation is storable, so tests of the group-commit fallback need PostgreSQL itself
 * to refuse something: this trigger raises when an appended event's data.jobReference equals
 * POISON_JOB_REFERENCE, failing whatever transaction carries it.
 */
import { run, type Em } from '../src';

export const POISON_JOB_REFERENCE = 'job-poison';

export async function installPoisonTrigger(em: Em): Promise<void> {
  await run(
    em,
    `create or replace function refuse_poisoned_event() returns trigger language plpgsql as $$
    begin
      if new.payload->'data'->>'jobReference' = '${POISON_JOB_REFERENCE}' then
        raise exception 'test fault injection: poisoned event %', new.event_id;
      end if;
      return new;
    end $$`,
  );
  await run(
    em,
    `create trigger refuse_poisoned_event before insert on event_log
    for each row execute function refuse_poisoned_event()`,
  );
}

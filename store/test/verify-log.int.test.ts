/**
 * Issue 11: `npm run verify-log` and the store's log verification. Version-2 events (signed whole,
 * chained) and an event under the old rule coexist in one log and all verify; an edit of one row
 * through SQL is named; and an edit whose content hash and server chain were recomputed — what
 * whoever controls the server could do — is still caught by the device's signature under the new
 * rule, while under the old rule an unsigned field (data) could be changed that way unnoticed.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { InventoryEvent, SignedEvent } from '@pco/domain';
import {
  chainHash,
  contentHashOf,
  GENESIS_HASH,
  headHash,
  query,
  run,
  submitBatch,
  verifyWholeLog,
  type Em,
} from '../src';
import { chainStartHash, signedHashOf } from '../src/device-chain';
import { DEMO, seedDemoData } from '../demo';
import { allValid, freshDatabase, offlineIssue, type FreshDatabase, type IssueSpec } from '../test-support';

jest.setTimeout(120_000);

const NOW = new Date('2026-11-29T08:00:00.000Z');
const { locations: L, products: P } = DEMO;

/** Version-2 issues from tech1, each linked to the one before. */
function chainedIssues(count: number, lastKnownHash: string): SignedEvent[] {
  const out: SignedEvent[] = [];
  let previous = chainStartHash(DEMO.devices.tech1, 1);
  for (let seq = 1; seq <= count; seq++) {
    const spec: IssueSpec = {
      tech: 'tech1',
      seq,
      from: L.vehicle1,
      product: P.gloves,
      value: 1,
      unit: 'each',
      claimedAt: NOW.toISOString(),
      lastKnownHash,
    };
    const unsigned = offlineIssue(spec);
    const { signature: _s, signedFields: _f, devicePublicKey: _k, ...rest } = unsigned;
    const overrides = { signatureVersion: 2, offlineContext: { ...rest.offlineContext!, previousEventHash: previous } };
    const signed = offlineIssue({ ...spec, overrides });
    out.push(signed);
    previous = signedHashOf(signed as InventoryEvent)!;
  }
  return out;
}

const cli = async (databaseUrl: string): Promise<{ code: number; out: string }> => {
  try {
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'store/src/cli/verify-log.ts'], {
      cwd: `${__dirname}/../..`,
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
    return { code: 0, out: stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, out: e.stdout };
  }
};

/** What a server operator could do: rewrite a payload and recompute its content hash and every chain hash after it. */
async function rewriteWithRecomputedChain(
  em: Em,
  eventId: string,
  edit: (payload: InventoryEvent) => InventoryEvent,
): Promise<void> {
  const rows = await query<{ position: string; event_id: string; payload: InventoryEvent; content_hash: string }>(
    em,
    'select position, event_id, payload, content_hash from event_log order by position',
  );
  let previous = GENESIS_HASH;
  for (const row of rows) {
    const payload = row.event_id === eventId ? edit(row.payload) : row.payload;
    const content = contentHashOf(payload);
    const hash = chainHash(previous, content, Number(row.position));
    await run(
      em,
      'update event_log set payload = $2::jsonb, content_hash = $3, prev_hash = $4, hash = $5 where position = $1',
      [row.position, JSON.stringify(payload), content, previous, hash],
    );
    previous = hash;
  }
  await run(em, 'update chain_head set hash = $1', [previous]);
}

describe('verify-log', () => {
  let db: FreshDatabase;
  let chained: SignedEvent[];
  let oldRule: SignedEvent;

  beforeAll(async () => {
    db = await freshDatabase();
    await seedDemoData(db.orm, NOW);
    const known = await headHash(db.orm.em.fork() as Em);
    chained = chainedIssues(4, known);
    const a = await submitBatch(db.orm, {
      deviceId: DEMO.devices.tech1,
      events: chained,
      signatureValid: allValid(chained),
      now: NOW,
    });
    expect(a.answers.map((x) => x.status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
    oldRule = offlineIssue({
      tech: 'tech2',
      seq: 1,
      from: L.vehicle2,
      product: P.gloves,
      value: 1,
      unit: 'each',
      claimedAt: NOW.toISOString(),
      lastKnownHash: known,
    });
    const b = await submitBatch(db.orm, {
      deviceId: DEMO.devices.tech2,
      events: [oldRule],
      signatureValid: [true],
      now: NOW,
    });
    expect(b.answers[0].status).toBe('accepted');
  });
  afterAll(() => db.drop());

  it('passes on the demo database with old-rule and chained events side by side (exit 0)', async () => {
    const summary = await verifyWholeLog(db.orm, { pageSize: 3 });
    expect(summary).toMatchObject({ firstBad: null, signaturesVerified: 5 });
    const { code, out } = await cli(db.databaseUrl);
    expect(code).toBe(0);
    expect(out).toContain('event log verified');
  });

  it('names the event whose stored row was edited through SQL (exit 1)', async () => {
    const em = db.orm.em.fork() as Em;
    const target = chained[1];
    await run(
      em,
      `update event_log set payload = jsonb_set(payload, '{data,jobReference}', '"JOB-EDITED"') where event_id = $1`,
      [target.eventId],
    );
    const { code, out } = await cli(db.databaseUrl);
    expect(code).toBe(1);
    expect(out).toContain(`event ${target.eventId}`);
    expect(out).toContain('content hash');
    await run(
      em,
      `update event_log set payload = jsonb_set(payload, '{data,jobReference}', to_jsonb($2::text)) where event_id = $1`,
      [target.eventId, 'job-2'],
    );
    expect((await verifyWholeLog(db.orm)).firstBad).toBeNull();
  });

  it('catches an edit with recomputed hashes by the device signature (version 2); the old rule could not', async () => {
    const em = db.orm.em.fork() as Em;
    await rewriteWithRecomputedChain(
      em,
      oldRule.eventId,
      (e) => ({ ...e, data: { jobReference: 'JOB-REWRITTEN' } }) as InventoryEvent,
    );
    // Old rule: `data` is not signed, so a rewrite with recomputed hashes verifies — why version 2 exists.
    expect((await verifyWholeLog(db.orm)).firstBad).toBeNull();
    const target = chained[2];
    await rewriteWithRecomputedChain(
      em,
      target.eventId,
      (e) => ({ ...e, data: { jobReference: 'JOB-REWRITTEN' } }) as InventoryEvent,
    );
    const summary = await verifyWholeLog(db.orm);
    expect(summary.firstBad).toMatchObject({
      eventId: target.eventId,
      deviceId: DEMO.devices.tech1,
      sequenceNumber: 3,
      reason: expect.stringContaining('signature (version 2)'),
    });
  });
});

/**
 * The managers' review queue in one list: quarantined events (from a revoked device), clock-skew
 * flags, review-queue items (e.g. a device revocation to look over) and custody disputes. Each
 * source keeps its own table and status words; this read maps them to open/closed and to one row
 * shape, newest first, so the console pages through them together.
 *
 * SQL: a UNION ALL over four tables, paged and counted as one list; the ORM has no union.
 */
import { type Em, query, queryOne, toIso } from '../sql';

export const REVIEW_KINDS = ['quarantined_event', 'clock_skew', 'review_item', 'dispute'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];
export type ReviewState = 'open' | 'closed';

export interface ReviewItem {
  kind: ReviewKind;
  id: string;
  title: string;
  deviceId: string | null;
  details: unknown;
  openedAt: string;
  closedAt: string | null;
  closedBy: string | null;
  outcome: string | null;
}

interface ReviewDbRow {
  kind: ReviewKind;
  id: string;
  title: string;
  device_id: string | null;
  details: unknown;
  opened_at: Date;
  closed_at: Date | null;
  closed_by: string | null;
  outcome: string | null;
  open: boolean;
}

/** One select per source, same columns; `open` says whether the row still needs a decision. */
const UNION = `
  select 'quarantined_event' as kind, q.id::text as id, 'Quarantined event: ' || q.reason as title, q.device_id,
         jsonb_build_object('eventId', q.event_id, 'sequenceNumber', q.sequence_number, 'eventType', q.payload->>'eventType',
           'product', q.payload->>'product', 'quantity', q.payload->'quantity') as details,
         q.quarantined_at as opened_at, q.reviewed_at as closed_at, q.reviewed_by as closed_by, q.decision as outcome,
         q.status = 'held' as open
    from quarantined_events q
  union all
  select 'clock_skew', f.id::text, 'Clock-skew flag on event ' || f.event_id, f.device_id,
         jsonb_build_object('eventId', f.event_id, 'position', f.position, 'issues', f.issues, 'orderingAffected', f.ordering_affected),
         f.flagged_at, f.reviewed_at, f.reviewed_by, f.outcome, f.status = 'open'
    from timestamp_flags f
  union all
  select 'review_item', r.id, r.title, case when r.kind = 'device_revocation' then r.subject_id end, r.details,
         r.created_at, r.resolved_at, r.resolved_by, r.outcome, r.status = 'open'
    from review_queue r
  union all
  select 'dispute', d.id, 'Custody dispute: ' || d.reason, d.device_id, coalesce(d.details, '{}'::jsonb),
         d.opened_at, d.closed_at, d.resolution->>'closedBy', d.resolution->>'outcome', d.status = 'open'
    from disputes d`;

const toItem = (r: ReviewDbRow): ReviewItem => ({
  kind: r.kind,
  id: r.id,
  title: r.title,
  deviceId: r.device_id,
  details: r.details,
  openedAt: toIso(r.opened_at),
  closedAt: r.closed_at ? toIso(r.closed_at) : null,
  closedBy: r.closed_by,
  outcome: r.outcome,
});

export interface ReviewFilter {
  state: ReviewState;
  kind?: ReviewKind;
}

export async function listReviewItemsPage(
  em: Em,
  filter: ReviewFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: ReviewItem[]; total: number }> {
  const where = 'where open = $1 and ($2::text is null or kind = $2)';
  const params = [filter.state === 'open', filter.kind ?? null];
  const rows = await query<ReviewDbRow>(
    em,
    `select * from (${UNION}) items ${where} order by opened_at desc, kind, id limit $3 offset $4`,
    [...params, page.limit, page.offset],
  );
  const total = await queryOne<{ n: string }>(em, `select count(*) as n from (${UNION}) items ${where}`, params);
  return { rows: rows.map(toItem), total: Number(total?.n ?? 0) };
}

export async function getReviewItem(
  em: Em,
  kind: ReviewKind,
  id: string,
): Promise<(ReviewItem & { open: boolean }) | null> {
  const row = await queryOne<ReviewDbRow>(em, `select * from (${UNION}) items where kind = $1 and id = $2`, [kind, id]);
  return row ? { ...toItem(row), open: row.open } : null;
}

/**
 * Open monitoring alerts (written by the monitoring workflow), worst first, for the console.
 *
 * SQL: the order is a CASE over severity, which the QueryBuilder would only take as raw text anyway.
 */
import { type Em, query, queryOne, toIso } from '../sql';

export interface OpenAlert {
  id: string;
  rule: string;
  severity: 'warning' | 'critical';
  action: string;
  subjectType: string;
  subjectId: string;
  message: string;
  raisedAt: string;
}

export async function listOpenAlerts(
  em: Em,
  page: { limit: number; offset: number },
): Promise<{ alerts: OpenAlert[]; total: number }> {
  const rows = await query<{
    id: string;
    rule: string;
    severity: OpenAlert['severity'];
    action: string;
    subject_type: string;
    subject_id: string;
    message: string;
    raised_at: Date;
  }>(
    em,
    `select id, rule, severity, action, subject_type, subject_id, message, raised_at from alerts where resolved_at is null
      order by case severity when 'critical' then 0 else 1 end, raised_at, id limit $1 offset $2`,
    [page.limit, page.offset],
  );
  const total = await queryOne<{ n: string }>(em, 'select count(*) as n from alerts where resolved_at is null');
  return {
    alerts: rows.map((r) => ({
      id: String(r.id),
      rule: r.rule,
      severity: r.severity,
      action: r.action,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      message: r.message,
      raisedAt: toIso(r.raised_at),
    })),
    total: Number(total?.n ?? 0),
  };
}

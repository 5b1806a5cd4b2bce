/**
 * Alert incidents: one open row per incident key (a partial unique index), so evaluating every
 * five minutes raises an alert once; an incident closes when its condition stops holding.
 */
import type { EntityManager } from '@mikro-orm/postgresql';

/** One alert as the rules raise it (workflows' Alert). */
export interface AlertInput {
  incidentKey: string;
  rule: string;
  severity: string;
  action: string;
  subjectType: string;
  subjectId: string;
  message: string;
  observed: Record<string, number | string | null>;
}

const INSERT_IF_NOT_OPEN = `insert into alerts (incident_key, rule, severity, action, subject_type, subject_id, message, observed, raised_at)
  values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::timestamptz)
  on conflict (incident_key) where resolved_at is null do nothing`;

export async function raiseAndResolve<A extends AlertInput>(
  em: EntityManager,
  alerts: A[],
  observedAt: string,
): Promise<{ raised: A[]; resolved: string[] }> {
  return em.transactional(async (tem) => {
    const raised: A[] = [];
    for (const a of alerts) {
      const result = await tem.execute<{ affectedRows: number }>(
        INSERT_IF_NOT_OPEN,
        [
          a.incidentKey,
          a.rule,
          a.severity,
          a.action,
          a.subjectType,
          a.subjectId,
          a.message,
          JSON.stringify(a.observed),
          observedAt,
        ],
        'run',
      );
      if (result.affectedRows > 0) raised.push(a);
    }
    const holding = alerts.map((a) => a.incidentKey);
    const closed = await tem.execute<Array<{ incident_key: string }>>(
      holding.length === 0
        ? 'update alerts set resolved_at = ?::timestamptz where resolved_at is null returning incident_key'
        : 'update alerts set resolved_at = ?::timestamptz where resolved_at is null and incident_key not in (?) returning incident_key',
      holding.length === 0 ? [observedAt] : [observedAt, holding],
    );
    return { raised, resolved: closed.map((r) => r.incident_key) };
  });
}

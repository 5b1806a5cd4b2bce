/**
 * Alert incidents: one open row per incident key (a partial unique index), so evaluating every
 * five minutes raises an alert once; an incident closes when its condition stops holding.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Alert } from '@pco/workflows';
import type { RaiseAlertsResult } from '@pco/workflows';

const INSERT_IF_NOT_OPEN = `insert into alerts (incident_key, rule, severity, action, subject_type, subject_id, message, observed, raised_at)
  values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::timestamptz)
  on conflict (incident_key) where resolved_at is null do nothing`;

export async function raiseAndResolve(em: EntityManager, alerts: Alert[], observedAt: string): Promise<RaiseAlertsResult> {
  return em.transactional(async (tem) => {
    const raised: Alert[] = [];
    for (const a of alerts) {
      const result = await tem.execute<{ affectedRows: number }>(
        INSERT_IF_NOT_OPEN,
        [a.incidentKey, a.rule, a.severity, a.action, a.subjectType, a.subjectId, a.message, JSON.stringify(a.observed), observedAt],
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

export function alertsEmail(alerts: Alert[]): { subject: string; text: string } {
  const critical = alerts.filter((a) => a.severity === 'critical').length;
  return {
    subject: `PCO Inventory: ${alerts.length} new alert(s)${critical > 0 ? `, ${critical} critical` : ''}`,
    text: alerts.map((a) => `[${a.severity.toUpperCase()}] ${a.message} — action: ${a.action}`).join('\n'),
  };
}

/** The managers' email about newly raised alerts. */
import type { Alert } from '@pco/workflows';

export function alertsEmail(alerts: Alert[]): { subject: string; text: string } {
  const critical = alerts.filter((a) => a.severity === 'critical').length;
  return {
    subject: `PCO Inventory: ${alerts.length} new alert(s)${critical > 0 ? `, ${critical} critical` : ''}`,
    text: alerts.map((a) => `[${a.severity.toUpperCase()}] ${a.message} — action: ${a.action}`).join('\n'),
  };
}

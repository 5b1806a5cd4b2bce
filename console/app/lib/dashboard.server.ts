/** The dashboard's reads: fleet OfflineMetrics, hourly sync health, one page of open alerts. */
import type { AppLoadContext } from '@remix-run/node';
import { listOpenAlerts, readFleetOfflineMetrics, readSyncHealthSeries } from '@pco/store';
import { forkEm } from './auth.server';

export async function loadDashboard(context: AppLoadContext, page: { limit: number; offset: number }) {
  const now = context.services.now();
  const [metrics, series, alerts] = await Promise.all([
    readFleetOfflineMetrics(forkEm(context), now),
    readSyncHealthSeries(forkEm(context), now),
    listOpenAlerts(forkEm(context), page),
  ]);
  return { metrics, series, alerts };
}

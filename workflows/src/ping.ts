/** The first workflow: proves client → server → worker → activity → PostgreSQL round trip. */
import { proxyActivities } from '@temporalio/workflow';
import type { PingActivities } from '@pco/workers/src/activities/ping';

const { readPingReading } = proxyActivities<PingActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 3 },
});

export interface PingResult {
  greeting: string;
  persons: number;
  databaseTime: string;
  workerTime: string;
}

export async function pingWorkflow(name: string): Promise<PingResult> {
  const reading = await readPingReading();
  return { greeting: `pong, ${name}`, ...reading };
}

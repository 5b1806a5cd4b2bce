/** The first workflow: proves client → server → worker → activity → PostgreSQL round trip. */
import { proxyActivities } from '@temporalio/workflow';

/** What a ping needs from the worker side: a reading of real rows and both clocks. */
export interface PingReading {
  persons: number;
  databaseTime: string;
  workerTime: string;
}

/** The activity contract workers implement (workers/src/activities/ping.ts). */
export interface PingActivities {
  readPingReading(): Promise<PingReading>;
}

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

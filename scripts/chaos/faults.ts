/**
 * The faults the campaign injects while the devices work, one every `intervalMs`, in a shuffled
 * round of every kind so each kind occurs: SIGKILL of a gateway while uploads are in flight
 * (its devices reconnect through HAProxy to the other), SIGKILL of a worker (conflict workflows
 * are mid-flight: waiting on their timers and updates), restart of the Temporal server, restart
 * of PostgreSQL (the cluster's own), dropped sockets (links cut under a group of devices), a slow
 * disk (PostgreSQL and its backends paused), and a device whose clock jumps.
 */
import type { Cluster } from '../cluster/topology';
import type { ChaosDevice } from './fleet';

export const FAULT_KINDS = [
  'gateway-kill',
  'worker-kill',
  'temporal-restart',
  'postgres-restart',
  'socket-drop',
  'slow-disk',
  'clock-jump',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface InjectedFault {
  kind: FaultKind;
  at: string;
  detail: string;
  ms: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Uploads in flight on a gateway, from its own /metrics (devices with a queue depth ≥ 1). */
async function uploadsInFlight(metricsPort: number): Promise<number> {
  try {
    const text = await (
      await fetch(`http://127.0.0.1:${metricsPort}/metrics`, { signal: AbortSignal.timeout(2_000) })
    ).text();
    return [...text.matchAll(/^pco_gateway_device_queue_depth\{bucket="(1|2-4|5\+)"[^}]*\} (\d+)$/gm)].reduce(
      (sum, m) => sum + Number(m[2]),
      0,
    );
  } catch {
    return 0;
  }
}

export async function injectFault(
  kind: FaultKind,
  cluster: Cluster,
  devices: ChaosDevice[],
  random: () => number,
): Promise<InjectedFault> {
  const started = Date.now();
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
  let detail: string;
  switch (kind) {
    case 'gateway-kill': {
      // Mid-batch: poll both gateways' /metrics (up to 30 s) and kill the first with an upload in flight.
      let i = Math.floor(random() * cluster.gateways.length);
      let inFlight = 0;
      for (let tries = 0; tries < 600 && inFlight === 0; tries++) {
        const counts = await Promise.all(cluster.ports.gatewayMetrics.map(uploadsInFlight));
        const busy = counts.findIndex((n) => n > 0);
        if (busy >= 0) [i, inFlight] = [busy, counts[busy]];
        else await sleep(50);
      }
      await cluster.gateways[i].kill('SIGKILL');
      await sleep(1_000 + random() * 2_000);
      await cluster.gateways[i].start();
      detail = `${cluster.gateways[i].name} SIGKILLed with ${inFlight} device(s) mid-upload, restarted`;
      break;
    }
    case 'worker-kill': {
      const worker = pick(cluster.workers);
      await worker.kill('SIGKILL');
      await sleep(1_000 + random() * 2_000);
      await worker.start();
      detail = `${worker.name} SIGKILLed, restarted`;
      break;
    }
    case 'temporal-restart':
      await cluster.temporal.kill('SIGKILL');
      await sleep(1_000);
      await cluster.temporal.start();
      detail = 'Temporal server SIGKILLed, restarted';
      break;
    case 'postgres-restart':
      await cluster.postgres.restart();
      detail = 'PostgreSQL stopped (fast shutdown: every connection cut) and started again';
      break;
    case 'socket-drop': {
      const victims = devices.filter(() => random() < 0.25).filter((d) => d.link.isUp);
      for (const d of victims) {
        d.link.goOffline();
        d.link.goOnline(); // open sockets are destroyed; the next connect goes through
      }
      detail = `${victims.length} device sockets dropped`;
      break;
    }
    case 'slow-disk': {
      const ms = 2_000 + Math.floor(random() * 3_000);
      await cluster.postgres.pause(ms);
      detail = `PostgreSQL and its backends paused ${ms} ms (fsync that does not return)`;
      break;
    }
    case 'clock-jump': {
      const device = pick(devices);
      const jump = (random() < 0.5 ? -1 : 1) * (1 + Math.floor(random() * 72)) * 3_600_000;
      device.clock.offsetMs += jump;
      detail = `device ${device.index} clock jumped ${jump / 3_600_000} h (offset now ${device.clock.offsetMs / 3_600_000} h)`;
      break;
    }
  }
  return { kind, at: new Date(started).toISOString(), detail, ms: Date.now() - started };
}

/** Injects `count` faults, one every `intervalMs`, until `count` or until `shouldStop()`. */
export async function runFaults(options: {
  count: number;
  intervalMs: number;
  cluster: Cluster;
  devices: ChaosDevice[];
  random: () => number;
  log: (line: string) => void;
  shouldStop: () => boolean;
}): Promise<InjectedFault[]> {
  const injected: InjectedFault[] = [];
  let round: FaultKind[] = [];
  while (injected.length < options.count && !options.shouldStop()) {
    await sleep(options.intervalMs);
    if (round.length === 0) round = [...FAULT_KINDS].sort(() => options.random() - 0.5);
    const kind = round.pop() as FaultKind;
    try {
      const fault = await injectFault(kind, options.cluster, options.devices, options.random);
      injected.push(fault);
      options.log(`fault ${injected.length}/${options.count}: ${fault.kind} — ${fault.detail} (${fault.ms} ms)`);
    } catch (error) {
      options.log(`fault ${kind} failed to inject: ${String(error)}`);
      throw error;
    }
  }
  return injected;
}

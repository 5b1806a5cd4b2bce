/**
 * The gateway's Prometheus series (prom-client). Counters, not rates: Prometheus derives uploads
 * and events per second with rate(). Gauges that need the database (open conflicts) are read at
 * scrape time, so an idle gateway costs nothing.
 *
 *   pco_gateway_connected_devices               devices with a socket on this gateway
 *   pco_gateway_uploads_total{outcome}           events:upload answered (ok | refused)
 *   pco_gateway_events_total{status}             events in answered uploads (accepted | conflict | rejected …)
 *   pco_gateway_sync_latency_seconds             upload received → ack sent
 *   pco_gateway_refusals_total{code}             uploads refused with an ErrorCode
 *   pco_open_conflicts                           conflicts waiting for a decision (database)
 *   pco_gateway_device_queue_depth{bucket}       devices by uploads waiting or running here (0, 1, 2-4, 5+)
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Ack, UploadResult } from '@pco/domain';
import { countOpenConflicts, type StoreOrm } from '@pco/store';
import type { GatewaySocket } from '../socket-types';

export const QUEUE_DEPTH_BUCKETS = ['0', '1', '2-4', '5+'] as const;

const bucketOf = (depth: number): (typeof QUEUE_DEPTH_BUCKETS)[number] =>
  depth <= 0 ? '0' : depth === 1 ? '1' : depth <= 4 ? '2-4' : '5+';

export interface GatewayMetrics {
  registry: Registry;
  /** Call from the connection handler: counts the device and times its uploads. */
  instrument(socket: GatewaySocket): void;
}

export function createGatewayMetrics(orm: StoreOrm, labels: Record<string, string> = {}): GatewayMetrics {
  const registry = new Registry();
  registry.setDefaultLabels(labels);
  collectDefaultMetrics({ register: registry });
  const depthByDevice = new Map<string, number>();
  const connected = new Map<string, number>();

  new Gauge({
    name: 'pco_gateway_connected_devices',
    help: 'Devices with at least one socket on this gateway',
    registers: [registry],
    collect() {
      this.set(connected.size);
    },
  });
  const uploads = new Counter({
    name: 'pco_gateway_uploads_total',
    help: 'events:upload messages answered',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const events = new Counter({
    name: 'pco_gateway_events_total',
    help: 'Events in answered uploads, by answer',
    labelNames: ['status'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'pco_gateway_sync_latency_seconds',
    help: 'events:upload received to ack sent',
    registers: [registry],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });
  const refusals = new Counter({
    name: 'pco_gateway_refusals_total',
    help: 'Uploads refused, by ErrorCode',
    labelNames: ['code'],
    registers: [registry],
  });
  new Gauge({
    name: 'pco_open_conflicts',
    help: 'Conflicts waiting for a decision',
    registers: [registry],
    async collect() {
      this.set(await countOpenConflicts(orm).catch(() => Number.NaN));
    },
  });
  new Gauge({
    name: 'pco_gateway_device_queue_depth',
    help: 'Devices by uploads waiting or running on this gateway',
    labelNames: ['bucket'],
    registers: [registry],
    collect() {
      const counts = new Map<string, number>(QUEUE_DEPTH_BUCKETS.map((b) => [b, 0]));
      for (const deviceId of connected.keys()) {
        const bucket = bucketOf(depthByDevice.get(deviceId) ?? 0);
        counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
      }
      for (const [bucket, count] of counts) this.set({ bucket }, count);
    },
  });
  const adjustDepth = (deviceId: string, by: number) => {
    const depth = (depthByDevice.get(deviceId) ?? 0) + by;
    if (depth <= 0) depthByDevice.delete(deviceId);
    else depthByDevice.set(deviceId, depth);
  };

  return {
    registry,
    instrument(socket) {
      const deviceId = socket.data.session.deviceId;
      connected.set(deviceId, (connected.get(deviceId) ?? 0) + 1);
      socket.once('disconnect', () => {
        const left = (connected.get(deviceId) ?? 1) - 1;
        if (left <= 0) connected.delete(deviceId);
        else connected.set(deviceId, left);
      });
      socket.use((packet, next) => {
        const last = packet.length - 1;
        const ack: unknown = packet[last];
        if (packet[0] === 'events:upload' && last > 1 && typeof ack === 'function') {
          const stop = latency.startTimer();
          adjustDepth(deviceId, 1);
          let answered = false;
          packet[last] = (response: Ack<UploadResult>) => {
            (ack as (response: Ack<UploadResult>) => void)(response);
            if (answered) return;
            answered = true;
            stop();
            adjustDepth(deviceId, -1);
            if (response?.ok === true) {
              uploads.inc({ outcome: 'ok' });
              for (const answer of response.data.answers) events.inc({ status: answer.status });
            } else {
              uploads.inc({ outcome: 'refused' });
              refusals.inc({ code: response?.error?.code ?? 'UNKNOWN' });
            }
          };
        }
        next();
      });
    },
  };
}

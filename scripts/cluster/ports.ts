/**
 * Every port `npm run cluster` binds, as CLUSTER_PORT_BASE + a fixed offset, so one variable moves
 * the whole cluster (two clusters, or the cluster beside `npm start`, never collide).
 */
export interface ClusterPorts {
  /** HAProxy: the one address phones use (sticky sessions over the gateways). */
  loadBalancer: number;
  haproxyStats: number;
  postgres: number;
  temporalFrontend: number;
  temporalFrontendHttp: number;
  temporalUi: number;
  temporalInternal: {
    frontendMembership: number;
    history: number;
    historyMembership: number;
    matching: number;
    matchingMembership: number;
    worker: number;
    workerMembership: number;
    metrics: number;
  };
  gateways: number[];
  gatewayMetrics: number[];
  workerMetrics: number[];
  smtp: number;
  mailUi: number;
}

export const GATEWAYS = 2;
export const WORKERS = 2;

/**
 * Temporal stores its services' membership ports in a smallint column: they must be below 32768.
 * A base above that moves only those four to 20000 + (base mod 10000) + 50….
 */
export function membershipPortBase(base: number): number {
  return base + 50 < 32768 ? base + 50 : 20000 + (base % 10000) + 50;
}

export function clusterPorts(base: number): ClusterPorts {
  const at = (offset: number) => base + offset;
  const membership = (offset: number) => membershipPortBase(base) + offset;
  return {
    loadBalancer: at(0),
    postgres: at(1),
    temporalFrontend: at(2),
    temporalUi: at(3),
    haproxyStats: at(4),
    temporalFrontendHttp: at(5),
    smtp: at(6),
    mailUi: at(7),
    gateways: Array.from({ length: GATEWAYS }, (_, i) => at(10 + i)),
    gatewayMetrics: Array.from({ length: GATEWAYS }, (_, i) => at(20 + i)),
    workerMetrics: Array.from({ length: WORKERS }, (_, i) => at(30 + i)),
    temporalInternal: {
      history: at(41),
      matching: at(42),
      worker: at(43),
      metrics: at(44),
      frontendMembership: membership(0),
      historyMembership: membership(1),
      matchingMembership: membership(2),
      workerMembership: membership(3),
    },
  };
}

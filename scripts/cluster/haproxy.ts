/**
 * The load balancer in front of the gateways: HAProxy (Debian's package, installed by
 * setup-cluster.sh), one public port. Sessions are sticky: a cookie pins HTTP long-polling
 * clients (browsers) to one gateway, and a WebSocket (what the field client uses) is one TCP
 * connection that stays where it was opened. A gateway that stops answering /api/health leaves
 * the rotation within ~2 s; its devices reconnect through the balancer to the other one.
 * /metrics is refused on the public port (operators scrape each process's METRICS_PORT).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { managedProcess, answersHttp, type ManagedProcess } from './managed-process';
import type { ClusterPorts } from './ports';

export function haproxyConfig(ports: ClusterPorts): string {
  const servers = ports.gateways.map(
    (port, i) => `  server gateway-${i + 1} 127.0.0.1:${port} check cookie g${i + 1} inter 1s fall 2 rise 1`,
  );
  return [
    'global',
    '  maxconn 8000', // 2 FDs per proxied connection: stays under a 20,000 open-file limit
    'defaults',
    '  mode http',
    '  timeout connect 5s',
    '  timeout client 120s',
    '  timeout server 120s',
    '  timeout tunnel 1h',
    'frontend phones',
    `  bind 127.0.0.1:${ports.loadBalancer}`,
    '  http-request deny deny_status 404 if { path_beg /metrics }',
    '  default_backend gateways',
    'backend gateways',
    '  balance roundrobin',
    '  cookie PCO_GATEWAY insert indirect nocache',
    '  option httpchk GET /api/health',
    '  option redispatch',
    ...servers,
    'listen stats',
    `  bind 127.0.0.1:${ports.haproxyStats}`,
    '  stats enable',
    '  stats uri /',
    '',
  ].join('\n');
}

export function haproxyProcess(ports: ClusterPorts, dir: string): ManagedProcess {
  const file = join(dir, 'haproxy.cfg');
  writeFileSync(file, haproxyConfig(ports));
  return managedProcess({
    name: 'haproxy',
    command: 'haproxy',
    args: ['-f', file, '-db'],
    logFile: join(dir, 'haproxy.log'),
    ready: () => answersHttp(`http://127.0.0.1:${ports.haproxyStats}/`),
  });
}

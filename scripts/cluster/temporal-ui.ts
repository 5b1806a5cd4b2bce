/**
 * The Temporal Web UI against the cluster's server: the UI server module the pinned CLI bundles
 * (github.com/temporalio/ui-server/v2, built by setup-cluster.sh into $GOBIN/temporal-ui/server;
 * the web assets are embedded in it), with a config file written here.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { answersHttp, managedProcess, type ManagedProcess } from './managed-process';

export const temporalUiBinary = (): string =>
  join(process.env.GOBIN ?? join(homedir(), 'go/bin'), 'temporal-ui/server');
export const temporalUiInstalled = (): boolean => existsSync(temporalUiBinary());

export function temporalUiProcess(
  dir: string,
  temporalAddress: string,
  port: number,
  namespace: string,
): ManagedProcess {
  mkdirSync(join(dir, 'config'), { recursive: true });
  writeFileSync(
    join(dir, 'config/cluster.yaml'),
    [
      `temporalGrpcAddress: ${temporalAddress}`,
      'host: 127.0.0.1',
      `port: ${port}`,
      'enableUi: true',
      `defaultNamespace: ${namespace}`,
      'cors:',
      '  cookieInsecure: true',
      '',
    ].join('\n'),
  );
  return managedProcess({
    name: 'temporal-ui',
    command: temporalUiBinary(),
    args: ['--root', dir, '--config', 'config', '--env', 'cluster', 'start'],
    logFile: join(dir, 'ui.log'),
    ready: () => answersHttp(`http://127.0.0.1:${port}/`),
  });
}

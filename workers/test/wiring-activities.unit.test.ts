/**
 * createWorkerActivities registers every activity the workflows call, and no factory silently
 * overwrites another's activity of the same name (object spread would hide it). The factories
 * only bind dependencies, so nothing here touches the placeholders below.
 */
import type { StoreOrm } from '@pco/store';
import { createConflictActivities } from '../src/activities/conflict';
import { createPingActivities } from '../src/activities/ping';
import { createOperationsActivities } from '../src/activities/revocation';
import { createWorkerActivities } from '../src/worker';

const unusedOrm = {} as StoreOrm;
const unusedMailer = { send: async () => undefined };
const deps = { orm: unusedOrm, now: () => new Date(0), mailer: unusedMailer, consoleUrl: 'http://console.test' };

it('given the three factories, when the worker registers them, then every activity is there once', () => {
  const registered = Object.keys(createWorkerActivities(deps)).sort();
  const byFactory = [
    Object.keys(createPingActivities(deps)),
    Object.keys(createConflictActivities({ ...deps, notifier: { notify: async () => ({ delivered: false }) } })),
    Object.keys(
      createOperationsActivities({
        ...deps,
        gateway: { disconnectDevice: async () => undefined, notifyPersonDevices: async () => 0 },
        fleet: { admit: async () => undefined, comeBackAt: async () => undefined },
      }),
    ),
  ];
  expect(byFactory.flat().length).toBe(registered.length);
  expect(registered).toEqual(
    expect.arrayContaining([
      'readPingReading',
      'notifyDevice',
      'sendConflictEmail',
      'setConflictSeverity',
      'applyResolution',
      'markDeviceRevoked',
      'disconnectRevokedDevice',
      'notifyUserDevices',
      'planRecovery',
      'admitWave',
      'loadMonitoringSnapshot',
    ]),
  );
});

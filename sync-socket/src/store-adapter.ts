/** The GatewayStore port implemented with @pco/store (one forked EntityManager per call). */
import {
  forkEm,
  pingDatabase,
  assignedLocationIds,
  enrolDevice,
  conflictMessageDedupeKey,
  enqueueDeviceNotifications,
  claimChallenge,
  getDevice,
  getPerson,
  listLocations,
  listPersons,
  listProducts,
  pullEvents,
  recordEnrolmentAttempt,
  saveEventAttachment,
  submitGroup,
  type StoreOrm,
} from '@pco/store';
import { isSupervisor } from '@pco/domain';
import { GatewayError } from './errors';
import type { Logger } from './logger';
import type { GatewayStore } from './store-port';
import { DEFAULT_MAX_GROUP_EVENTS, GroupWriter } from './sync/group-writer';

export interface StoreAdapterOptions {
  /** Told when a commit group failed and fell back to one transaction per device. */
  logger?: Logger;
  /** Upper bound of events in one commit group. */
  maxGroupEvents?: number;
}

export function createStoreAdapter(orm: StoreOrm, options: StoreAdapterOptions = {}): GatewayStore {
  const em = () => forkEm(orm);
  // Every device batch goes through one writer, which commits concurrent batches together.
  const onFallback = (error: unknown, deviceIds: string[]) =>
    options.logger?.warn('commit group failed; retried per device', { error, deviceIds });
  const writer = new GroupWriter(
    (inputs) => submitGroup(orm, inputs, { onFallback }),
    options.maxGroupEvents ?? DEFAULT_MAX_GROUP_EVENTS,
  );
  return {
    async ping() {
      await pingDatabase(orm);
    },
    async getDevice(deviceId) {
      const device = await getDevice(em(), deviceId);
      return device && { id: device.id, userId: device.userId, status: device.status, publicKey: device.publicKey };
    },
    async claimChallenge(claim) {
      return claimChallenge(em(), claim);
    },
    async visibleLocations(personId) {
      const fork = em();
      const person = await getPerson(fork, personId);
      if (person && isSupervisor(person)) return 'all';
      return assignedLocationIds(fork, personId);
    },
    async registerDevice(request, now) {
      const enrolled = await enrolDevice(orm, { ...request, now });
      if (!enrolled.ok) throw new GatewayError(enrolled.error.code, enrolled.error.message);
      const device = enrolled.value;
      return { deviceId: device.id, userId: device.userId, registeredAt: device.registeredAt };
    },
    recordEnrolmentAttempt: (attempt) => recordEnrolmentAttempt(orm, attempt),
    // The upload handler passes only events that validateSignedEventShape returned (edge check):
    // the store need not validate them a second time.
    submitBatch: (input) => writer.submit({ ...input, shapeValidated: true }),
    pullEvents: (input) => pullEvents(orm, input),
    async enqueueConflictNotices(deviceId, notices, now) {
      const items = notices.map((payload) => ({
        deviceId,
        kind: 'conflict:notice' as const,
        payload,
        dedupeKey: conflictMessageDedupeKey('conflict:notice', payload.conflictId, deviceId),
      }));
      await enqueueDeviceNotifications(em(), items, now);
    },
    async referenceData({ userId, locations: visible }) {
      const fork = em();
      const products = await listProducts(fork);
      const locations = await listLocations(fork, visible === 'all' ? undefined : visible);
      const everyone = await listPersons(fork);
      const wanted = new Set([userId, ...locations.flatMap((l) => l.assignedPersonIds)]);
      // Supervisors are kept because they decide requests (spec: persons "for approval workflows").
      const persons = visible === 'all' ? everyone : everyone.filter((p) => wanted.has(p.id) || isSupervisor(p));
      return { products, locations, persons };
    },
    saveAttachment: (input) => saveEventAttachment(em(), input),
  };
}

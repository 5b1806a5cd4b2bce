/** The GatewayStore port implemented with @pco/store (one forked EntityManager per call). */
import {
  assignedLocationIds,
  getDevice,
  getPerson,
  listLocations,
  listPersons,
  listProducts,
  pullEvents,
  registerDevice,
  submitBatch,
  type StoreOrm,
} from '@pco/store';
import { isSupervisor } from '@pco/domain';
import { GatewayError } from './errors';
import type { GatewayStore } from './store-port';

export function createStoreAdapter(orm: StoreOrm): GatewayStore {
  const em = () => orm.em.fork();
  return {
    async ping() {
      await em().execute('select 1');
    },
    async getDevice(deviceId) {
      const device = await getDevice(em(), deviceId);
      return device && { id: device.id, userId: device.userId, status: device.status, publicKey: device.publicKey };
    },
    async visibleLocations(personId) {
      const fork = em();
      const person = await getPerson(fork, personId);
      if (person && isSupervisor(person)) return 'all';
      return assignedLocationIds(fork, personId);
    },
    async registerDevice(request, now) {
      const fork = em();
      return fork.transactional(async (tem) => {
        const person = await getPerson(tem, request.userId);
        if (!person) throw new GatewayError('UNKNOWN_PERSON', 'No such person');
        const device = await registerDevice(tem, { ...request, now });
        return { deviceId: device.id, registeredAt: device.registeredAt };
      });
    },
    submitBatch: (input) => submitBatch(orm, input),
    pullEvents: (input) => pullEvents(orm, input),
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
  };
}

/** Who to tell: contact details of persons, for the workers' emails. */
import type { StoreOrm } from '../orm';
import { forkEm } from '../sql';
import { DeviceEntity, PersonEntity } from '../entities';

export async function personContact(orm: StoreOrm, personId: string): Promise<{ name: string; email: string } | null> {
  const person = await forkEm(orm).findOne(PersonEntity, { id: personId });
  return person ? { name: person.name, email: person.email } : null;
}

/** Every manager's address, ordered by address (conflict emails) or by person id (alert emails). */
export async function managerEmails(orm: StoreOrm, orderBy: 'email' | 'id' = 'email'): Promise<string[]> {
  const managers = await forkEm(orm).find(PersonEntity, { role: 'manager' }, { orderBy: { [orderBy]: 'asc' } });
  return managers.map((m) => m.email);
}

/** Active devices of a person other than `exceptDeviceId`, by id (revocation notices). */
export async function otherActiveDevicesOf(orm: StoreOrm, personId: string, exceptDeviceId: string): Promise<string[]> {
  const devices = await forkEm(orm).find(
    DeviceEntity,
    { userId: personId, id: { $ne: exceptDeviceId }, status: 'active' },
    { orderBy: { id: 'asc' } },
  );
  return devices.map((d) => d.id);
}

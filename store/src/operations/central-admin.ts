/**
 * The admin's central functions (online only, in the console): products, locations, people and
 * roles, receiving stock from a supplier. Each change is ONE transaction with its console_audit
 * row. Location status is the same `locations.status` column the gateway's reference checks read,
 * so deactivating a location here is what makes a device's later transfer into it a
 * LOCATION_INACTIVE conflict.
 */
import { randomUUID } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import {
  checkUnitScale,
  err,
  ok,
  type LocationKind,
  type LocationStatus,
  type ProductReceived,
  type RecordedEvent,
  type Result,
  type Role,
  type UnitOfMeasure,
} from '@pco/domain';
import { EventLogEntity, LocationAssignmentEntity, LocationEntity, PersonEntity, ProductEntity } from '../entities';
import { appendServerEventIn } from '../server-events';
import { inTransaction, type Em } from '../sql';
import { recordConsoleAudit } from './console-audit';

interface Actor {
  actorId: string;
  now: Date;
}

export interface ProductInput {
  id: string;
  name: string;
  unit: UnitOfMeasure;
  epaRegistrationNumber: string | null;
  regulated: boolean;
  unitValueCents: number;
  active: boolean;
}

export async function createProduct(em: Em, input: ProductInput & Actor): Promise<Result<void>> {
  return inTransaction(em, async (tem) => {
    if (await tem.findOne(ProductEntity, { id: input.id }))
      return err('VALIDATION_ERROR', `a product with id ${input.id} already exists`);
    const { actorId, now, ...product } = input;
    tem.create(ProductEntity, product);
    await tem.flush();
    await recordConsoleAudit(tem, {
      actorId,
      action: 'product.create',
      target: `product:${input.id}`,
      details: { ...product },
      at: now,
    });
    return ok(undefined);
  });
}

/** The unit of a product with logged events is fixed: stock already counted in it would change meaning. */
export async function updateProduct(em: Em, input: ProductInput & Actor): Promise<Result<void>> {
  return inTransaction(em, async (tem) => {
    const row = await tem.findOne(ProductEntity, { id: input.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!row) return err('UNKNOWN_PRODUCT', `there is no product ${input.id}`);
    if (row.unit !== input.unit && (await tem.count(EventLogEntity, { productId: input.id })) > 0) {
      return err('UNIT_MISMATCH', `the unit stays ${row.unit}: stock of this product is already recorded in it`);
    }
    const before = {
      name: row.name,
      unit: row.unit,
      epaRegistrationNumber: row.epaRegistrationNumber,
      regulated: row.regulated,
      unitValueCents: row.unitValueCents,
      active: row.active,
    };
    const { actorId, now, id, ...changes } = input;
    tem.assign(row, changes);
    await tem.flush();
    await recordConsoleAudit(tem, {
      actorId,
      action: 'product.update',
      target: `product:${id}`,
      details: { before, after: changes },
      at: now,
    });
    return ok(undefined);
  });
}

export interface LocationInput {
  id: string;
  name: string;
  kind: LocationKind;
}

export async function createLocation(em: Em, input: LocationInput & Actor): Promise<Result<void>> {
  return inTransaction(em, async (tem) => {
    if (await tem.findOne(LocationEntity, { id: input.id }))
      return err('VALIDATION_ERROR', `a location with id ${input.id} already exists`);
    tem.create(LocationEntity, { id: input.id, name: input.name, kind: input.kind, status: 'active' });
    await tem.flush();
    await recordConsoleAudit(tem, {
      actorId: input.actorId,
      action: 'location.create',
      target: `location:${input.id}`,
      details: { name: input.name, kind: input.kind },
      at: input.now,
    });
    return ok(undefined);
  });
}

export async function setLocationActive(
  em: Em,
  input: { id: string; status: LocationStatus } & Actor,
): Promise<Result<void>> {
  return inTransaction(em, async (tem) => {
    const row = await tem.findOne(LocationEntity, { id: input.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!row) return err('UNKNOWN_LOCATION', `there is no location ${input.id}`);
    if (row.status === input.status) return err('VALIDATION_ERROR', `${row.name} is already ${input.status}`);
    const from = row.status;
    row.status = input.status;
    await tem.flush();
    await recordConsoleAudit(tem, {
      actorId: input.actorId,
      action: input.status === 'active' ? 'location.activate' : 'location.deactivate',
      target: `location:${input.id}`,
      details: { from, to: input.status },
      at: input.now,
    });
    return ok(undefined);
  });
}

export interface PersonInput {
  name: string;
  email: string;
  role: Role;
}

export async function createPerson(
  em: Em,
  input: PersonInput & Actor & { id?: string },
): Promise<Result<{ id: string }>> {
  return inTransaction(em, async (tem) => {
    const email = input.email.toLowerCase();
    if (await tem.findOne(PersonEntity, { email }))
      return err('VALIDATION_ERROR', `${email} is already used by someone`);
    const id = input.id ?? `person-${randomUUID()}`;
    tem.create(PersonEntity, { id, name: input.name, email, role: input.role });
    await tem.flush();
    await recordConsoleAudit(tem, {
      actorId: input.actorId,
      action: 'person.create',
      target: `person:${id}`,
      details: { name: input.name, email, role: input.role },
      at: input.now,
    });
    return ok({ id });
  });
}

/** An admin cannot change their own role: the console would otherwise be left without the admin who did it by mistake. */
export async function changeRole(em: Em, input: { personId: string; role: Role } & Actor): Promise<Result<void>> {
  return inTransaction(em, async (tem) => {
    if (input.personId === input.actorId) return err('FORBIDDEN', 'you cannot change your own role; ask another admin');
    const row = await tem.findOne(PersonEntity, { id: input.personId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!row) return err('UNKNOWN_PERSON', `there is no person ${input.personId}`);
    if (row.role === input.role) return err('VALIDATION_ERROR', `${row.name} is already ${input.role}`);
    const from = row.role;
    row.role = input.role;
    await tem.flush();
    await recordConsoleAudit(tem, {
      actorId: input.actorId,
      action: 'person.role',
      target: `person:${input.personId}`,
      details: { from, to: input.role },
      at: input.now,
    });
    return ok(undefined);
  });
}

/** Replaces the person's location assignments with exactly `locationIds`. */
export async function assignLocations(
  em: Em,
  input: { personId: string; locationIds: string[] } & Actor,
): Promise<Result<void>> {
  return inTransaction(em, async (tem) => {
    const person = await tem.findOne(PersonEntity, { id: input.personId });
    if (!person) return err('UNKNOWN_PERSON', `there is no person ${input.personId}`);
    const wanted = [...new Set(input.locationIds)].sort();
    const known = await tem.find(LocationEntity, { id: { $in: wanted } });
    if (known.length !== wanted.length) {
      const missing = wanted.filter((id) => !known.some((l) => l.id === id));
      return err('UNKNOWN_LOCATION', `unknown location(s): ${missing.join(', ')}`);
    }
    const current = (await tem.find(LocationAssignmentEntity, { personId: input.personId }))
      .map((a) => a.locationId)
      .sort();
    await tem.nativeDelete(LocationAssignmentEntity, { personId: input.personId, locationId: { $nin: wanted } });
    for (const locationId of wanted.filter((id) => !current.includes(id)))
      tem.create(LocationAssignmentEntity, { locationId, personId: input.personId });
    await tem.flush();
    await recordConsoleAudit(tem, {
      actorId: input.actorId,
      action: 'person.locations',
      target: `person:${input.personId}`,
      details: { from: current, to: wanted },
      at: input.now,
    });
    return ok(undefined);
  });
}

export interface ReceiveStockInput extends Actor {
  productId: string;
  locationId: string;
  quantity: number;
  supplier: string;
  reference?: string;
  eventId?: string;
}

/** A ProductReceived server event (the domain's checks: quantity, unit, location active, admin may receive). */
export async function receiveStock(em: Em, input: ReceiveStockInput): Promise<Result<RecordedEvent>> {
  return inTransaction(em, async (tem) => {
    const product = await tem.findOne(ProductEntity, { id: input.productId });
    if (!product) return err('UNKNOWN_PRODUCT', `there is no product ${input.productId}`);
    // The unit's scale (domain/src/quantity.ts) named for the form's quantity field; the append validates again.
    const scale = checkUnitScale(input.quantity, product.unit as UnitOfMeasure, 'The quantity');
    if (scale) return err('VALIDATION_ERROR', scale);
    const event: ProductReceived = {
      eventId: input.eventId ?? randomUUID(),
      eventType: 'ProductReceived',
      product: input.productId,
      quantity: { value: input.quantity, unit: product.unit as UnitOfMeasure },
      fromLocation: null,
      toLocation: input.locationId,
      performedBy: input.actorId,
      occurredAt: input.now.toISOString(),
      data: input.reference ? { supplier: input.supplier, reference: input.reference } : { supplier: input.supplier },
    };
    const appended = await appendServerEventIn(tem, event, input.now);
    if (!appended.ok) return appended;
    await recordConsoleAudit(tem, {
      actorId: input.actorId,
      action: 'stock.receive',
      target: `location:${input.locationId}`,
      details: {
        eventId: event.eventId,
        productId: input.productId,
        quantity: event.quantity,
        supplier: input.supplier,
        reference: input.reference ?? null,
      },
      at: input.now,
    });
    return ok(appended.value);
  });
}

export interface PersonWithLocations {
  id: string;
  name: string;
  email: string;
  role: string;
  locationIds: string[];
}

export async function listPeoplePage(
  em: Em,
  page: { limit: number; offset: number },
): Promise<{ rows: PersonWithLocations[]; total: number }> {
  const [persons, total] = await em.findAndCount(
    PersonEntity,
    {},
    { orderBy: { name: 'asc', id: 'asc' }, limit: page.limit, offset: page.offset },
  );
  const assignments = await em.find(LocationAssignmentEntity, { personId: { $in: persons.map((p) => p.id) } });
  return {
    total,
    rows: persons.map((p) => ({
      id: p.id,
      name: p.name,
      email: p.email,
      role: p.role,
      locationIds: assignments
        .filter((a) => a.personId === p.id)
        .map((a) => a.locationId)
        .sort(),
    })),
  };
}

export async function listProductsPage(
  em: Em,
  page: { limit: number; offset: number },
): Promise<{ rows: ProductInput[]; total: number }> {
  const [rows, total] = await em.findAndCount(
    ProductEntity,
    {},
    { orderBy: { name: 'asc', id: 'asc' }, limit: page.limit, offset: page.offset },
  );
  return {
    total,
    rows: rows.map((p) => ({
      id: p.id,
      name: p.name,
      unit: p.unit as UnitOfMeasure,
      epaRegistrationNumber: p.epaRegistrationNumber ?? null,
      regulated: p.regulated,
      unitValueCents: p.unitValueCents,
      active: p.active,
    })),
  };
}

export async function listLocationsPage(
  em: Em,
  page: { limit: number; offset: number },
): Promise<{ rows: Array<LocationInput & { status: LocationStatus }>; total: number }> {
  const [rows, total] = await em.findAndCount(
    LocationEntity,
    {},
    { orderBy: { name: 'asc', id: 'asc' }, limit: page.limit, offset: page.offset },
  );
  return {
    total,
    rows: rows.map((l) => ({
      id: l.id,
      name: l.name,
      kind: l.kind as LocationKind,
      status: l.status as LocationStatus,
    })),
  };
}

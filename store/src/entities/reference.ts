/** Reference data: people, products, locations and who is assigned to which location. */
import { defineEntity } from '@mikro-orm/core';

export const PersonEntity = defineEntity({
  name: 'PersonRow',
  tableName: 'persons',
  properties: (p) => ({
    id: p.string().primary(),
    name: p.string(),
    email: p.string(),
    role: p.string(),
  }),
});

export const ProductEntity = defineEntity({
  name: 'ProductRow',
  tableName: 'products',
  properties: (p) => ({
    id: p.string().primary(),
    name: p.string(),
    unit: p.string(),
    epaRegistrationNumber: p.string().nullable(),
    regulated: p.boolean(),
    unitValueCents: p.integer(),
    active: p.boolean(),
  }),
});

export const LocationEntity = defineEntity({
  name: 'LocationRow',
  tableName: 'locations',
  properties: (p) => ({
    id: p.string().primary(),
    name: p.string(),
    kind: p.string(),
    status: p.string(),
  }),
});

export const LocationAssignmentEntity = defineEntity({
  name: 'LocationAssignmentRow',
  tableName: 'location_assignments',
  properties: (p) => ({
    locationId: p.string().primary(),
    personId: p.string().primary(),
  }),
});

/** Reference data: people, products, locations and who is assigned to which location. */
import { defineEntity } from '@mikro-orm/core';
import { FK, T } from './column-types';

export const PersonEntity = defineEntity({
  name: 'PersonRow',
  tableName: 'persons',
  properties: (p) => ({
    id: p.string().columnType(T.text).primary(),
    name: p.string().columnType(T.text),
    email: p.string().columnType(T.text).unique('persons_email_key'),
    role: p.enum(['technician', 'manager', 'admin']),
  }),
});

export const ProductEntity = defineEntity({
  name: 'ProductRow',
  tableName: 'products',
  checks: [{ name: 'products_unit_value_cents_check', expression: 'unit_value_cents >= 0' }],
  properties: (p) => ({
    id: p.string().columnType(T.text).primary(),
    name: p.string().columnType(T.text),
    unit: p.string().columnType(T.text),
    epaRegistrationNumber: p.string().columnType(T.text).nullable(),
    regulated: p.boolean(),
    unitValueCents: p.integer(),
    active: p.boolean().default(true),
  }),
});

export const LocationEntity = defineEntity({
  name: 'LocationRow',
  tableName: 'locations',
  properties: (p) => ({
    id: p.string().columnType(T.text).primary(),
    name: p.string().columnType(T.text),
    kind: p.enum(['warehouse', 'vehicle', 'customer_site']),
    status: p.enum(['active', 'inactive']),
  }),
});

export const LocationAssignmentEntity = defineEntity({
  name: 'LocationAssignmentRow',
  tableName: 'location_assignments',
  indexes: [{ name: 'location_assignments_person', properties: ['personId'] }],
  properties: (p) => ({
    locationId: p
      .manyToOne(LocationEntity)
      .mapToPk()
      .fieldName('location_id')
      .columnType(T.text)
      .primary()
      .foreignKeyName('location_assignments_location_id_fkey')
      .updateRule(FK.noAction)
      .deleteRule(FK.noAction),
    personId: p
      .manyToOne(PersonEntity)
      .mapToPk()
      .fieldName('person_id')
      .columnType(T.text)
      .primary()
      .foreignKeyName('location_assignments_person_id_fkey')
      .updateRule(FK.noAction)
      .deleteRule(FK.noAction),
  }),
});

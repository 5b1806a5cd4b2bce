/** Projections maintained in the same transaction as each append. */
import { defineEntity } from '@mikro-orm/core';
import { T } from './column-types';

export const OnHandEntity = defineEntity({
  name: 'OnHandRow',
  tableName: 'on_hand',
  // Migration20261129020000_quantity_step: no unit has more than 3 decimals (domain/src/quantity.ts).
  checks: [{ name: 'on_hand_quantity_step', expression: 'quantity = round(quantity, 3)' }],
  properties: (p) => ({
    locationId: p.string().columnType(T.text).primary(),
    productId: p.string().columnType(T.text).primary(),
    quantity: p.decimal('number').columnType(T.numeric),
    updatedPosition: p.bigint('string'),
  }),
});

export const RequestEntity = defineEntity({
  name: 'RequestRow',
  tableName: 'requests',
  checks: [{ name: 'requests_quantity_step', expression: 'quantity = round(quantity, 3)' }],
  properties: (p) => ({
    id: p.string().columnType(T.text).primary(),
    status: p.string().columnType(T.text),
    productId: p.string().columnType(T.text),
    quantity: p.decimal('number').columnType(T.numeric),
    unit: p.string().columnType(T.text),
    toLocation: p.string().columnType(T.text).nullable(),
    fromLocation: p.string().columnType(T.text).nullable(),
    createdBy: p.string().columnType(T.text),
    createdAt: p.datetime().columnType(T.timestamptz),
    decidedAt: p.datetime().columnType(T.timestamptz).nullable(),
    decidedBy: p.string().columnType(T.text).nullable(),
    moved: p.boolean().default(false),
    lastPosition: p.bigint('string'),
  }),
});

/** Projections maintained in the same transaction as each append. */
import { defineEntity } from '@mikro-orm/core';

export const OnHandEntity = defineEntity({
  name: 'OnHandRow',
  tableName: 'on_hand',
  properties: (p) => ({
    locationId: p.string().primary(),
    productId: p.string().primary(),
    quantity: p.decimal('number'),
    updatedPosition: p.bigint('string'),
  }),
});

export const RequestEntity = defineEntity({
  name: 'RequestRow',
  tableName: 'requests',
  properties: (p) => ({
    id: p.string().primary(),
    status: p.string(),
    productId: p.string(),
    quantity: p.decimal('number'),
    unit: p.string(),
    toLocation: p.string().nullable(),
    fromLocation: p.string().nullable(),
    createdBy: p.string(),
    createdAt: p.datetime(),
    decidedAt: p.datetime().nullable(),
    decidedBy: p.string().nullable(),
    moved: p.boolean(),
    lastPosition: p.bigint('string'),
  }),
});

import { defineEntity } from '@mikro-orm/core';

export const DeviceEntity = defineEntity({
  name: 'DeviceRow',
  tableName: 'devices',
  properties: (p) => ({
    id: p.string().primary(),
    userId: p.string(),
    name: p.string(),
    status: p.string(),
    publicKey: p.text(),
    registeredAt: p.datetime(),
    lastSyncAt: p.datetime().nullable(),
    lastAcceptedSeq: p.integer(),
    heldByConflictId: p.uuid().nullable(),
    revokedAt: p.datetime().nullable(),
    revokedReason: p.text().nullable(),
  }),
});

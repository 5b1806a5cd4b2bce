import { ACTION_OF_EVENT, OFFLINE_CAPABILITIES, capabilityOf, checkOfflineCapability } from '../src/capabilities';
import { authorise } from '../src/authorise';
import { KNOWN_EVENT_TYPES } from '../src/validation-data';
import type { InventoryEvent } from '../src/types';
import {
  admin,
  bait,
  each,
  event,
  locations,
  manager,
  offline,
  otherVan,
  tech,
  vehicle,
  vehicle2,
  warehouse,
} from './fixtures';

describe('Offline capabilities matrix', () => {
  test.each([
    'issue-product',
    'return-product',
    'transfer-own-locations',
    'physical-count',
    'view-inventory',
    'create-request',
    'approve-request',
    'deny-request',
  ] as const)('%s is allowed offline', (action) => expect(checkOfflineCapability(action, true).ok).toBe(true));

  test.each([
    'receive-from-supplier',
    'create-product',
    'modify-product',
    'modify-locations',
    'user-management',
  ] as const)('%s is refused offline with NOT_ALLOWED_OFFLINE and a clear message, allowed online', (action) => {
    const r = checkOfflineCapability(action, true);
    expect(!r.ok && r.error.code).toBe('NOT_ALLOWED_OFFLINE');
    expect(!r.ok && r.error.message).toContain('not allowed offline');
    expect(checkOfflineCapability(action, false).ok).toBe(true);
  });

  test('ProductReceived (receive from supplier) offline is refused, with the reason', () => {
    const r = checkOfflineCapability('ProductReceived', true);
    expect(!r.ok && r.error).toEqual({
      code: 'NOT_ALLOWED_OFFLINE',
      message: 'receive-from-supplier is not allowed offline (Requires verification); do it online from the console',
    });
  });

  test('generate reports is partial: allowed offline (cached data)', () => {
    expect(capabilityOf('generate-reports').offlineCapable).toBe('partial');
    expect(checkOfflineCapability('generate-reports', true).ok).toBe(true);
  });

  test('every event type maps to a row of the matrix', () => {
    for (const eventType of KNOWN_EVENT_TYPES)
      expect(OFFLINE_CAPABILITIES.map((row) => row.action)).toContain(ACTION_OF_EVENT[eventType]);
  });
});

describe('authorise', () => {
  const move = (
    eventType: 'ProductIssued' | 'ProductTransferred' | 'InventoryCounted' | 'ProductReturned',
    from: string | null,
    to: string | null,
    performedBy = tech.id,
  ) =>
    event({
      eventType,
      product: bait.id,
      quantity: each(1),
      fromLocation: from,
      toLocation: to,
      performedBy,
    } as never) as InventoryEvent;
  const codeOf = (person: typeof tech, e: InventoryEvent) => {
    const r = authorise(person, e, locations);
    return r.ok ? 'OK' : r.error.code;
  };

  test('a technician issues and counts only at own locations', () => {
    expect(codeOf(tech, move('ProductIssued', vehicle.id, null))).toBe('OK');
    expect(codeOf(tech, move('ProductIssued', warehouse.id, null))).toBe('FORBIDDEN');
    expect(codeOf(tech, move('InventoryCounted', null, vehicle2.id))).toBe('OK');
    expect(codeOf(tech, move('InventoryCounted', null, otherVan.id))).toBe('FORBIDDEN');
    expect(codeOf(tech, move('ProductReturned', null, otherVan.id))).toBe('FORBIDDEN');
  });
  test('a technician transfers only between own locations', () => {
    expect(codeOf(tech, move('ProductTransferred', vehicle.id, vehicle2.id))).toBe('OK');
    expect(codeOf(tech, move('ProductTransferred', warehouse.id, vehicle.id))).toBe('FORBIDDEN');
  });
  test('managers and admins act at any location', () => {
    expect(codeOf(manager, move('ProductTransferred', warehouse.id, otherVan.id, manager.id))).toBe('OK');
    expect(codeOf(admin, move('InventoryCounted', null, otherVan.id, admin.id))).toBe('OK');
  });
  test("nobody records in someone else's name", () =>
    expect(codeOf(manager, move('ProductIssued', vehicle.id, null, tech.id))).toBe('FORBIDDEN'));
  test('online-only actions are refused for events made on a device, even for an admin', () => {
    const receipt = event({
      eventType: 'ProductReceived',
      product: bait.id,
      quantity: each(5),
      fromLocation: null,
      toLocation: warehouse.id,
      performedBy: admin.id,
      data: { supplier: 'Acme' },
      offlineContext: offline(1),
    });
    expect(codeOf(admin, receipt)).toBe('NOT_ALLOWED_OFFLINE');
    expect(codeOf(admin, { ...receipt, offlineContext: undefined } as InventoryEvent)).toBe('OK');
  });
});

import {
  type InventoryEvent,
  type OnHand,
  type RequestId,
  type RequestView,
  type Requests,
  type Timestamp,
  emptyOnHand,
  evolve,
  evolveRequests,
} from '@pco/domain';
import { STORAGE_KEYS, type KeyValueStorage } from '../storage/key-value-storage';

/**
 * What the device knows the SERVER holds: downloaded events of others plus own events the server
 * accepted, folded with the domain's evolve / evolveRequests. Stored as entry arrays (plain data)
 * so it survives structured clone, JSON export and corruption parsing alike.
 */
export interface ServerKnownState {
  onHand: OnHand;
  requests: Requests;
  /** Device time this state last changed from server information. */
  asOf: Timestamp | null;
}

interface StoredServerState {
  onHand: [string, number][];
  requests: [RequestId, RequestView][];
  asOf: Timestamp | null;
}

export const emptyServerState = (): ServerKnownState => ({ onHand: emptyOnHand(), requests: new Map(), asOf: null });

export function applyServerEvent(state: ServerKnownState, event: InventoryEvent, at: Timestamp): ServerKnownState {
  return { onHand: evolve(state.onHand, event), requests: evolveRequests(state.requests, event), asOf: at };
}

export const toStored = (state: ServerKnownState): StoredServerState => ({
  onHand: [...state.onHand.entries()],
  requests: [...state.requests.entries()],
  asOf: state.asOf,
});

export function fromStored(value: unknown): ServerKnownState {
  const v = value as Partial<StoredServerState> | null;
  if (!v || !Array.isArray(v.onHand) || !Array.isArray(v.requests)) return emptyServerState();
  return { onHand: new Map(v.onHand), requests: new Map(v.requests), asOf: v.asOf ?? null };
}

export async function loadServerState(storage: KeyValueStorage): Promise<ServerKnownState> {
  return fromStored(await storage.getItem<unknown>(STORAGE_KEYS.serverOnHand));
}

export async function saveServerState(storage: KeyValueStorage, state: ServerKnownState): Promise<void> {
  await storage.setItem(STORAGE_KEYS.serverOnHand, toStored(state));
}

/**
 * The one bridge between React and the engine: everything the screens show is read from the
 * engine's public API (queue, view, sync state, reference cache) and refreshed when the engine
 * says something changed. Sync runs when the browser comes online, every SYNC_EVERY_MS while
 * online, after each recording while online, and on "Sync now".
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  FieldClient,
  loadReferenceData,
  loadSyncState,
  type LocalInventoryView,
  type PendingEvent,
  type ReferenceCache,
  type SyncState,
  type SyncSummary,
} from '@pco/field-client';
import { DEVICE_STORAGE_NAME, type AppSettings } from './settings';

const SYNC_EVERY_MS = 30_000;

export interface DeviceState {
  client: FieldClient;
  view: LocalInventoryView;
  queue: PendingEvent[];
  sync: SyncState;
  reference: ReferenceCache;
  online: boolean;
  syncing: boolean;
  lastSummary: SyncSummary | null;
  storageUsedBytes: number | null;
  now: Date;
}

/** Before enrolment there is no user id yet: the enrolment code determines it (see Enrol). */
export const openClient = (
  s: Pick<AppSettings, 'gatewayUrl' | 'deviceName'> & { userId?: string },
): Promise<FieldClient> =>
  FieldClient.create({ baseUrl: s.gatewayUrl, userId: s.userId, name: s.deviceName, storageName: DEVICE_STORAGE_NAME });

async function readState(
  client: FieldClient,
): Promise<Omit<DeviceState, 'client' | 'online' | 'syncing' | 'lastSummary'>> {
  const [view, queue, sync, reference, estimate] = await Promise.all([
    client.view(),
    client.queue.all(),
    loadSyncState(client.storage),
    loadReferenceData(client.storage),
    navigator.storage?.estimate?.().catch(() => null) ?? Promise.resolve(null),
  ]);
  return { view, queue, sync, reference, storageUsedBytes: estimate?.usage ?? null, now: new Date() };
}

export function useDevice(client: FieldClient | null) {
  const [state, setState] = useState<DeviceState | null>(null);
  const [online, setOnline] = useState(navigator.onLine);
  const [syncing, setSyncing] = useState(false);
  const [lastSummary, setLastSummary] = useState<SyncSummary | null>(null);
  const syncingRef = useRef(false);

  const refresh = useCallback(async () => {
    if (!client) return;
    const read = await readState(client);
    setState((prev) => ({ ...(prev ?? {}), ...read, client }) as DeviceState);
  }, [client]);

  const syncNow = useCallback(async (): Promise<SyncSummary | null> => {
    if (!client || syncingRef.current) return null;
    syncingRef.current = true;
    setSyncing(true);
    try {
      const summary = await client.sync();
      setLastSummary(summary);
      return summary;
    } catch (error) {
      const summary = { status: 'failed', error: String(error) } as SyncSummary;
      setLastSummary(summary);
      return summary;
    } finally {
      syncingRef.current = false;
      setSyncing(false);
      await refresh();
    }
  }, [client, refresh]);

  useEffect(() => {
    if (!client) return undefined;
    void refresh();
    const offChange = client.onChange(() => void refresh());
    const offPush = client.onServerPush(() => void refresh());
    const goOnline = () => {
      setOnline(true);
      void syncNow();
    };
    const goOffline = () => setOnline(false);
    window.addEventListener('online', goOnline);
    window.addEventListener('offline', goOffline);
    if (navigator.onLine) void syncNow();
    const timer = setInterval(() => {
      if (navigator.onLine) void syncNow();
      else void refresh(); // ages in the status bar keep moving
    }, SYNC_EVERY_MS);
    return () => {
      offChange();
      offPush();
      window.removeEventListener('online', goOnline);
      window.removeEventListener('offline', goOffline);
      clearInterval(timer);
    };
  }, [client, refresh, syncNow]);

  const merged = state ? { ...state, online, syncing, lastSummary } : null;
  return { state: merged, refresh, syncNow };
}

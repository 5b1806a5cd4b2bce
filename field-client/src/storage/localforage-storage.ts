import './indexeddb-polyfill';
import localforage from 'localforage';
import type { KeyValueStorage } from './key-value-storage';

export const storageNameFor = (deviceIdOrLabel: string): string => `pco-${deviceIdOrLabel}`;

/** A KeyValueStorage over a localforage instance (IndexedDB driver in browser and Node). */
export function createLocalforageStorage(name: string): KeyValueStorage {
  const instance = localforage.createInstance({ name, driver: localforage.INDEXEDDB });
  return {
    getItem: <T>(key: string) => instance.getItem<T>(key),
    setItem: <T>(key: string, value: T) => instance.setItem<T>(key, value),
    removeItem: (key) => instance.removeItem(key),
    keys: () => instance.keys(),
    clear: () => instance.clear(),
  };
}

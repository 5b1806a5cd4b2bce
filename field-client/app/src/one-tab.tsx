/**
 * One tab records at a time. Each tab runs its own engine, and an engine serialises numbering
 * only inside itself: four tabs recording at once handed out the same sequence numbers twice,
 * the server refused the duplicates (CHAIN_BROKEN) and the device was stuck behind them. So the
 * app holds an exclusive Web Lock for as long as the tab lives; a second tab waits behind it with
 * a screen that says why, and takes over the moment the first one closes.
 */
import type { ReactNode } from 'react';

const TAB_LOCK = 'pco-field-app-recording-tab';

/** Calls `start` once this tab holds the lock (at once when no other tab does); `waiting` meanwhile. */
export function holdTheRecordingTab(start: () => void, waiting: () => void): void {
  const locks = navigator.locks;
  // Without Web Locks (an insecure http origin on a LAN address) there is nothing to coordinate with.
  if (!locks) return start();
  const holdForever = () => new Promise<never>(() => undefined);
  void locks.request(TAB_LOCK, { ifAvailable: true }, (lock) => {
    if (lock) {
      start();
      return holdForever();
    }
    waiting();
    return locks.request(TAB_LOCK, () => {
      start();
      return holdForever();
    });
  });
}

export function OpenInAnotherTab(): ReactNode {
  return (
    <main className="screen" aria-labelledby="other-tab-h">
      <h1 id="other-tab-h">PCO Inventory is open in another tab</h1>
      <p role="status">
        Use the other tab, or close it: this one takes over by itself. One tab records at a time, so no two events ever
        get the same number.
      </p>
    </main>
  );
}

/**
 * Wrong PINs slow down: after FREE_ATTEMPTS in a row each further try waits 30 s, doubling, at most
 * 15 minutes, and the count survives reloads (localStorage). Without it a 4-digit PIN of a lost
 * phone fell to trying all 10,000 in minutes. A correct PIN clears it. (The server trusts the
 * device key, not the PIN; revoking a lost phone is what cuts it off.)
 */
const KEY = 'pco-pin-failures';
const FREE_ATTEMPTS = 5;
const FIRST_WAIT_MS = 30_000;
const MAX_WAIT_MS = 15 * 60_000;

interface Failures {
  count: number;
  lastAt: number;
}

function read(): Failures {
  try {
    const parsed = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Failures | null;
    return parsed && Number.isFinite(parsed.count) && Number.isFinite(parsed.lastAt) ? parsed : { count: 0, lastAt: 0 };
  } catch {
    return { count: 0, lastAt: 0 };
  }
}

const waitAfter = (count: number): number =>
  count < FREE_ATTEMPTS ? 0 : Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 2 ** (count - FREE_ATTEMPTS));

/** Milliseconds before the next PIN may be tried (0: now). */
export function pinWaitMs(nowMs: number): number {
  const { count, lastAt } = read();
  return Math.max(0, lastAt + waitAfter(count) - nowMs);
}

export function recordPinFailure(nowMs: number): void {
  localStorage.setItem(KEY, JSON.stringify({ count: read().count + 1, lastAt: nowMs }));
}

export function clearPinFailures(): void {
  localStorage.removeItem(KEY);
}

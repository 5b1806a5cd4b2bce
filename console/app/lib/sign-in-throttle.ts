/**
 * Slows password guessing: after MAX_FAILURES wrong passwords for one email within WINDOW_MS,
 * further attempts for that email are refused until the window has passed (a correct password
 * included, so a guesser learns nothing). In memory, per console process: a restart forgets,
 * which is acceptable next to the slow hash. Pure apart from the Map; time is passed in.
 */
export const MAX_FAILURES = 10;
export const WINDOW_MS = 15 * 60 * 1000;

export class SignInThrottle {
  private readonly failures = new Map<string, { count: number; since: number }>();

  /** Milliseconds until this email may try again; 0 when it may try now. */
  waitMs(email: string, nowMs: number): number {
    const entry = this.failures.get(email.trim().toLowerCase());
    if (!entry || nowMs - entry.since >= WINDOW_MS) return 0;
    return entry.count >= MAX_FAILURES ? entry.since + WINDOW_MS - nowMs : 0;
  }

  failed(email: string, nowMs: number): void {
    const key = email.trim().toLowerCase();
    const entry = this.failures.get(key);
    if (!entry || nowMs - entry.since >= WINDOW_MS) this.failures.set(key, { count: 1, since: nowMs });
    else entry.count++;
    if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value!);
  }

  succeeded(email: string): void {
    this.failures.delete(email.trim().toLowerCase());
  }
}

export const signInThrottle = new SignInThrottle();

/** Teardown helpers for integration tests that start several real services. */

/**
 * Runs every teardown step in order even when earlier ones fail (a failed test's worker must
 * not leave the Temporal connection, sockets or database open), then reports all failures.
 */
export async function teardownAll(steps: Array<[name: string, step: () => Promise<unknown> | unknown]>): Promise<void> {
  const failures: string[] = [];
  for (const [name, step] of steps) {
    try {
      await step();
    } catch (error) {
      failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (failures.length > 0) throw new Error(`teardown failed:\n  ${failures.join('\n  ')}`);
}

/** Waits for every promise (none is left running), then fails with every rejection. */
export async function settleEach(promises: Array<Promise<unknown>>): Promise<void> {
  const rejected = (await Promise.allSettled(promises)).filter(
    (r): r is PromiseRejectedResult => r.status === 'rejected',
  );
  if (rejected.length > 0)
    throw new Error(rejected.map((r) => String(r.reason instanceof Error ? r.reason.message : r.reason)).join('; '));
}

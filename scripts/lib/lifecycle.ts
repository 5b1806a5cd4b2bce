/**
 * Ordered shutdown for the orchestrator: each started part registers how to stop it, and stop
 * runs them in reverse order (gateway → worker → database → Temporal), once, whatever failed.
 */
export interface Lifecycle {
  onStop(name: string, stop: () => Promise<void>): void;
  stopAll(): Promise<boolean>;
}

export function createLifecycle(log: (line: string) => void): Lifecycle {
  const stack: Array<{ name: string; stop: () => Promise<void> }> = [];
  let stopping: Promise<boolean> | undefined;
  return {
    onStop(name, stop) {
      stack.push({ name, stop });
    },
    stopAll() {
      stopping ??= (async () => {
        let clean = true;
        for (const { name, stop } of stack.reverse()) {
          const started = Date.now();
          try {
            await stop();
            log(`stopped ${name} (${Date.now() - started} ms)`);
          } catch (error) {
            clean = false;
            log(`failed to stop ${name}: ${String(error)}`);
          }
        }
        return clean;
      })();
      return stopping;
    },
  };
}

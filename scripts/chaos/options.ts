/**
 * Parameters of the fault campaign: `npm run chaos -- --devices=200 --events=20000 --faults=30`.
 * The short form inside `npm test` passes small numbers. Every value has a default that meets
 * the campaign's bar (200 devices, 20,000 events, 30 faults).
 */
export interface ChaosOptions {
  devices: number;
  events: number;
  faults: number;
  /** Share of devices that end with an issue larger than their stock (a conflict). */
  conflictRate: number;
  /** Share of batches recorded offline (the link cut for a random period). */
  offlineRate: number;
  maxBatch: number;
  seed: number;
}

export const DEFAULT_CHAOS: ChaosOptions = {
  devices: 200,
  events: 20_000,
  faults: 30,
  conflictRate: 0.1,
  offlineRate: 0.2,
  maxBatch: 40,
  seed: 12,
};

export function parseChaosArgs(argv: string[]): ChaosOptions {
  const options = { ...DEFAULT_CHAOS };
  for (const arg of argv) {
    const match = /^--([a-zA-Z]+)=(.+)$/.exec(arg);
    if (!match || !(match[1] in options))
      throw new Error(
        `unknown argument ${arg}; known: ${Object.keys(DEFAULT_CHAOS)
          .map((k) => `--${k}=`)
          .join(' ')}`,
      );
    const value = Number(match[2]);
    if (!Number.isFinite(value) || value < 0) throw new Error(`${arg}: not a number ≥ 0`);
    (options as Record<string, number>)[match[1]] = value;
  }
  if (options.devices < 1 || options.events < options.devices)
    throw new Error('need at least one device and one event per device');
  return options;
}

/** A small seeded generator (mulberry32): the same seed plays the same campaign script. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

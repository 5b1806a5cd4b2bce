/**
 * Hostile values for the protocol fuzzer, from a seeded generator so a failing run can be
 * repeated (the seed is printed). Each generator aims at one way a parser or validator breaks:
 * wrong types, huge arrays, deep nesting (recursive JSON.stringify and validators), keys that
 * pollute prototypes (`__proto__`, `constructor`), numbers JSON cannot round-trip, strings with
 * NUL, lone surrogates or megabytes, and mutations of a well-formed upload and pull.
 */
import type { SignedEvent } from '@pco/domain';

/** mulberry32: small, fast, seeded; good enough to pick mutations. */
export class Rng {
  private state: number;
  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(max: number): number {
    return Math.floor(this.next() * max);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

const POLLUTING_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
];
const WEIRD_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  'x\ud83d',
  '\u202e',
  '%s%n',
  '${7*7}',
  "'; drop table event_log; --",
  '../../etc/passwd',
  'NaN',
  'null',
  'undefined',
  '1e309',
  '-0',
  '0x10',
  '💥'.repeat(50),
  'é'.normalize('NFD'),
];
const WEIRD_NUMBERS = [
  0,
  -0,
  -1,
  1.5,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 63),
  1e308,
  5e-324,
  Number.MAX_SAFE_INTEGER,
  0.1 + 0.2,
];

/** `depth` nested arrays or objects: recursive parsers and stringifiers overflow their stack. */
export function deepNesting(depth: number, asObject: boolean): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = asObject ? { a: value } : [value];
  return value;
}

/** An object whose own keys are prototype names (as JSON.parse produces from `{"__proto__": …}`). */
export function pollutingObject(rng: Rng, inner: unknown): Record<string, unknown> {
  const target: Record<string, unknown> = {};
  const key = rng.pick(POLLUTING_KEYS);
  Object.defineProperty(target, key, {
    value: { polluted: true, isAdmin: true, inner },
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return target;
}

/** Any JSON-ish value, small by default; `big` allows the expensive shapes. */
export function randomValue(rng: Rng, depth = 0, big = false): unknown {
  const roll = rng.int(big ? 14 : 11);
  switch (roll) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return rng.pick(WEIRD_NUMBERS);
    case 3:
      return rng.pick(WEIRD_STRINGS);
    case 4:
      return rng.int(1_000_000) - 500_000;
    case 5:
      return 'x'.repeat(rng.int(300));
    case 6:
    case 7: {
      if (depth > 3) return rng.pick(WEIRD_STRINGS);
      return Array.from({ length: rng.int(5) }, () => randomValue(rng, depth + 1));
    }
    case 8:
    case 9: {
      if (depth > 3) return {};
      const entries = Array.from({ length: rng.int(5) }, () => [
        rng.pick([...POLLUTING_KEYS, 'events', 'afterPosition', 'limit', 'x']),
        randomValue(rng, depth + 1),
      ]);
      return Object.fromEntries(entries);
    }
    case 10:
      return pollutingObject(rng, randomValue(rng, depth + 1));
    case 11:
      return Array.from({ length: 20_000 + rng.int(80_000) }, (_, i) => i);
    // Deeper nesting goes through raw frames: socket.io-client's own encoder recurses too.
    case 12:
      return deepNesting(500 + rng.int(1_500), rng.chance(0.5));
    default:
      return 'y'.repeat(200_000 + rng.int(200_000));
  }
}

type Json = Record<string, unknown>;

/** One mutation of a field path inside a copy of `value` (fields replaced, removed, retyped, added). */
function mutateRecord(rng: Rng, value: Json, depth = 0): Json {
  const copy: Json = { ...value };
  const keys = Object.keys(copy);
  const key = keys.length > 0 ? rng.pick(keys) : 'x';
  const field = copy[key];
  const roll = rng.int(6);
  if (roll === 0) delete copy[key];
  else if (roll === 1 && field !== null && typeof field === 'object' && !Array.isArray(field) && depth < 3)
    copy[key] = mutateRecord(rng, field as Json, depth + 1);
  else if (roll === 2) return { ...pollutingObject(rng, null), ...copy };
  else if (roll === 3) copy[rng.pick([...POLLUTING_KEYS, 'extra', 'signature', 'offlineContext'])] = randomValue(rng);
  else copy[key] = randomValue(rng, depth + 1);
  return copy;
}

/** A mutated upload batch built from well-formed events (signed by a key the device does not own). */
export function mutatedUpload(rng: Rng, templates: SignedEvent[]): unknown {
  const roll = rng.int(10);
  if (roll === 0) return randomValue(rng, 0, rng.chance(0.1));
  if (roll === 1) return { events: randomValue(rng, 0, rng.chance(0.1)) };
  const count = 1 + rng.int(4);
  const events = Array.from({ length: count }, () => {
    const event = rng.pick(templates) as unknown as Json;
    let mutated = event;
    // Mostly mutated (cheap refusals); 1 in 20 left whole, so signature checks and the store see them too.
    for (let i = 0, n = rng.chance(0.05) ? 0 : 1 + rng.int(2); i < n; i++) mutated = mutateRecord(rng, mutated);
    return mutated;
  });
  return rng.chance(0.1)
    ? pollutingObject(rng, { events })
    : { events, ...(rng.chance(0.1) ? { extra: randomValue(rng) } : {}) };
}

/** A mutated pull request. */
export function mutatedPull(rng: Rng): unknown {
  const valid: Json = { afterPosition: rng.int(50), limit: 1 + rng.int(10) };
  return rng.chance(0.2) ? randomValue(rng, 0, rng.chance(0.05)) : mutateRecord(rng, valid);
}

/** An event name: the protocol's, reserved Socket.IO names, prototype names, or garbage. */
export function randomEventName(rng: Rng): string {
  return rng.pick([
    'events:upload',
    'events:pull',
    'events:new',
    'clock:offset',
    'error',
    'newListener',
    '__proto__',
    'constructor',
    'hasOwnProperty',
    'x'.repeat(rng.int(2_000)),
    rng.pick(WEIRD_STRINGS),
  ]);
}

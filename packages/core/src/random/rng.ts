import { DlError } from '../errors';

/**
 * The one seeded random generator of @dl: weight initialisation, shuffling, splits and
 * augmentation all draw from an Rng (or a fork of one), so a seed reproduces a run.
 *
 * xoshiro128** seeded through splitmix32: fast, 128-bit state, good statistical quality, and
 * exact in JavaScript's 32-bit integer arithmetic.
 */
export class Rng {
  readonly seed: number;
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spareNormal: number | null = null;

  constructor(seed: number) {
    if (!Number.isFinite(seed)) {
      throw new DlError('INVALID_ARGUMENT', `seed must be a finite number, got ${seed}`);
    }
    this.seed = seed;
    let x = (Math.trunc(seed) ^ Math.trunc(seed / 2 ** 32)) >>> 0;
    const splitmix = () => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = splitmix();
    this.s1 = splitmix();
    this.s2 = splitmix();
    this.s3 = splitmix();
  }

  /** Next 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform in [min, max). */
  uniform(min = 0, max = 1): number {
    return min + (max - min) * this.next();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) {
      throw new DlError('INVALID_ARGUMENT', `Rng.int needs a positive integer bound, got ${n}`);
    }
    return Math.floor(this.next() * n);
  }

  /** Standard normal (Box–Muller, caching the second value). */
  normal(mean = 0, std = 1): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return mean + std * z;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return mean + std * r * Math.cos(2 * Math.PI * v);
  }

  /** Shuffles in place (Fisher–Yates) and returns the array. */
  shuffle<T, A extends { length: number; [i: number]: T }>(items: A): A {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }

  /** A random permutation of 0 … n−1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }

  /**
   * An independent stream derived from this seed and a label ('init', 'shuffle', 'augment'),
   * so adding draws to one purpose never shifts another's.
   */
  fork(label: string | number): Rng {
    let h = 2166136261;
    for (const ch of `${this.seed}/${label}`) {
      h ^= ch.codePointAt(0)!;
      h = Math.imul(h, 16777619) >>> 0;
    }
    return new Rng(h);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/**
 * Runs `fn` with Math.random drawing from `rng`. TensorFlow.js seeds every unseeded random op
 * (layer initialisers, dropout masks, model.fit's shuffle) from Math.random, so this makes
 * model building and training reproducible without touching each layer. Restored afterwards,
 * also on error. For async `fn`, other code running concurrently in the process also draws
 * from `rng` while it is active.
 */
export function withSeededRandom<T>(rng: Rng, fn: () => T): T {
  const original = Math.random;
  Math.random = () => rng.next();
  let restoreNow = true;
  try {
    const out = fn();
    if (out instanceof Promise) {
      restoreNow = false;
      return out.finally(() => {
        Math.random = original;
      }) as T;
    }
    return out;
  } finally {
    if (restoreNow) Math.random = original;
  }
}

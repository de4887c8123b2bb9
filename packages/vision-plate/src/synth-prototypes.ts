import { tf } from '@dl/core';

export interface PrototypeGlyphOptions {
  classes: number;
  perClass: number;
  /** Seed of the class prototypes: same seed, same classes. */
  seed?: number;
  /** Seed of the samples drawn from them: use different ones for train and test. */
  sampleSeed?: number;
}

/** mulberry32: a small, fast, seedable generator so data sets reproduce exactly. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Stroke-prototype glyphs: each class is a fixed set of random horizontal, vertical and
 * diagonal strokes on a 20×20 canvas; samples shift it by up to ±2 px and add pixel noise.
 * A stand-in with the seed's input format for backend checks and the quick demo; real
 * font-rendered characters come with the plate synthesiser.
 */
export function synthPrototypeGlyphs(options: PrototypeGlyphOptions): {
  xs: tf.Tensor4D;
  ys: tf.Tensor2D;
  labels: Int32Array;
} {
  const { classes, perClass, seed = 1, sampleSeed = seed + 1 } = options;
  let rand = rng(seed);
  const size = 20;
  const prototypes: Float32Array[] = [];
  for (let c = 0; c < classes; c++) {
    const p = new Float32Array(size * size);
    const strokes = 3 + Math.floor(rand() * 3);
    for (let s = 0; s < strokes; s++) {
      const kind = Math.floor(rand() * 3);
      const a = 3 + Math.floor(rand() * 14);
      const from = 3 + Math.floor(rand() * 6);
      const to = 11 + Math.floor(rand() * 6);
      for (let i = from; i <= to; i++) {
        const [y, x] = kind === 0 ? [a, i] : kind === 1 ? [i, a] : [i, Math.min(16, from + i - 3)];
        p[y * size + x] = 1;
        if (x + 1 < size) p[y * size + x + 1] = 1;
      }
    }
    prototypes.push(p);
  }
  rand = rng(sampleSeed * 7919 + 13);
  const n = classes * perClass;
  const xs = new Float32Array(n * size * size);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % classes;
    labels[i] = c;
    const dx = Math.floor(rand() * 5) - 2;
    const dy = Math.floor(rand() * 5) - 2;
    const p = prototypes[c];
    const base = i * size * size;
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const sy = y - dy;
        const sx = x - dx;
        const v = sy >= 0 && sy < size && sx >= 0 && sx < size ? p[sy * size + sx] : 0;
        xs[base + y * size + x] = Math.min(1, Math.max(0, v + (rand() - 0.5) * 0.4));
      }
    }
  }
  return {
    xs: tf.tensor4d(xs, [n, size, size, 1]),
    ys: tf.oneHot(tf.tensor1d(labels, 'int32'), classes) as tf.Tensor2D,
    labels,
  };
}

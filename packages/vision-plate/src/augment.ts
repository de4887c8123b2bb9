import type { Rng } from '@dl/core';

/** Ranges of the image-space augmentations applied to real glyph crops during training. */
export interface GlyphImageAugment {
  /** Largest |shift| in pixels. */
  shift: number;
  /** Largest |rotation| in degrees. */
  rotation: number;
  scale: [number, number];
  /** Probability of thickening (dilate) or thinning (erode) strokes by one pixel. */
  thickness: number;
  /** Gaussian blur σ range. */
  blur: [number, number];
  /** Gaussian noise σ range. */
  noise: [number, number];
  contrast: [number, number];
}

export const DEFAULT_GLYPH_AUGMENT: GlyphImageAugment = {
  shift: 1.5,
  rotation: 6,
  scale: [0.9, 1.08],
  thickness: 0.3,
  blur: [0, 0.6],
  noise: [0, 0.05],
  contrast: [0.75, 1.15],
};

/** Bilinear sample with zero (black) outside the image. */
function sample(src: Float32Array, size: number, x: number, y: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  const at = (xx: number, yy: number) =>
    xx < 0 || yy < 0 || xx >= size || yy >= size ? 0 : src[yy * size + xx];
  return (
    (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0)) +
    fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1))
  );
}

function morph(src: Float32Array, size: number, grow: boolean): Float32Array {
  const out = new Float32Array(src.length);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let v = src[y * size + x];
      for (const [dx, dy] of [
        [1, 0],
        [-1, 0],
        [0, 1],
        [0, -1],
      ]) {
        const xx = x + dx;
        const yy = y + dy;
        const n = xx < 0 || yy < 0 || xx >= size || yy >= size ? 0 : src[yy * size + xx];
        v = grow ? Math.max(v, n) : Math.min(v, n);
      }
      out[y * size + x] = v;
    }
  }
  return out;
}

function blur(src: Float32Array, size: number, sigma: number): Float32Array {
  if (sigma < 0.1) return src;
  const r = Math.ceil(2.5 * sigma);
  const k = Array.from({ length: 2 * r + 1 }, (_, i) =>
    Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)),
  );
  const sum = k.reduce((a, b) => a + b, 0);
  const pass = (input: Float32Array, horizontal: boolean) => {
    const out = new Float32Array(input.length);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        let acc = 0;
        for (let i = -r; i <= r; i++) {
          const xx = horizontal ? Math.min(size - 1, Math.max(0, x + i)) : x;
          const yy = horizontal ? y : Math.min(size - 1, Math.max(0, y + i));
          acc += k[i + r] * input[yy * size + xx];
        }
        out[y * size + x] = acc / sum;
      }
    }
    return out;
  };
  return pass(pass(src, true), false);
}

/**
 * One random variant of a square glyph image (values 0–1, white on black): rotation, scale and
 * shift about the centre, stroke thickness, blur, contrast and noise.
 */
export function augmentGlyphImage(
  src: Float32Array,
  size: number,
  rng: Rng,
  a: GlyphImageAugment = DEFAULT_GLYPH_AUGMENT,
): Float32Array {
  const angle = (rng.uniform(-a.rotation, a.rotation) * Math.PI) / 180;
  const scale = rng.uniform(a.scale[0], a.scale[1]);
  const tx = rng.uniform(-a.shift, a.shift);
  const ty = rng.uniform(-a.shift, a.shift);
  const cos = Math.cos(angle) / scale;
  const sin = Math.sin(angle) / scale;
  const c = (size - 1) / 2;
  let out: Float32Array = new Float32Array(src.length);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // Inverse map: output pixel → source position.
      const u = x - c - tx;
      const v = y - c - ty;
      out[y * size + x] = sample(src, size, cos * u + sin * v + c, -sin * u + cos * v + c);
    }
  }
  const t = rng.next();
  if (t < a.thickness / 2) out = morph(out, size, true);
  else if (t < a.thickness) out = morph(out, size, false);
  out = blur(out, size, rng.uniform(a.blur[0], a.blur[1]));
  const contrast = rng.uniform(a.contrast[0], a.contrast[1]);
  const noise = rng.uniform(a.noise[0], a.noise[1]);
  for (let i = 0; i < out.length; i++) {
    out[i] = Math.min(1, Math.max(0, (out[i] - 0.5) * contrast + 0.5 + rng.normal(0, noise)));
  }
  return out;
}

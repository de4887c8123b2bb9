import type { Contour } from './font';

/**
 * Scanline polygon filling with anti-aliasing by supersampling, plus the few image operations
 * the synthesiser needs (stroke growth, box downsampling, gaussian blur). Plain typed-array
 * code: no canvas or native package.
 */

/** 2-D affine map: x' = a·x + c·y + e, y' = b·x + d·y + f. */
export interface Affine {
  a: number;
  b: number;
  c: number;
  d: number;
  e: number;
  f: number;
}

export type FillRule = 'nonzero' | 'evenodd';

export interface RasterOptions {
  /** Samples per pixel side (4 → 16 coverage levels). */
  supersample?: number;
  /** TrueType outlines use nonzero. */
  rule?: FillRule;
  /**
   * Stroke growth in output pixels: > 0 thickens by a square max filter, < 0 thins by a min
   * filter, applied to the supersampled mask so fractions of a pixel are possible.
   */
  grow?: number;
}

/**
 * Fills the contours, mapped by `m` into pixel coordinates (y down), on a width×height canvas
 * and returns per-pixel coverage in [0, 1].
 */
export function rasterize(
  contours: readonly Contour[],
  m: Affine,
  width: number,
  height: number,
  options: RasterOptions = {},
): Float32Array {
  const ss = options.supersample ?? 4;
  const W = width * ss;
  const H = height * ss;
  let mask = fillMask(contours, m, ss, W, H, options.rule ?? 'nonzero');
  const r = Math.round((options.grow ?? 0) * ss);
  if (r !== 0) mask = morph(mask, W, H, Math.abs(r), r > 0);
  return boxDown(mask, width, height, ss);
}

function fillMask(
  contours: readonly Contour[],
  m: Affine,
  ss: number,
  W: number,
  H: number,
  rule: FillRule,
): Uint8Array {
  // Crossings per sample row, as (x, direction) pairs.
  const rows: number[][] = new Array(H);
  for (let i = 0; i < H; i++) rows[i] = [];
  for (const c of contours) {
    const n = c.length / 2;
    for (let k = 0; k < n; k++) {
      const k2 = k + 1 === n ? 0 : k + 1;
      const x0 = (m.a * c[2 * k] + m.c * c[2 * k + 1] + m.e) * ss;
      const y0 = (m.b * c[2 * k] + m.d * c[2 * k + 1] + m.f) * ss;
      const x1 = (m.a * c[2 * k2] + m.c * c[2 * k2 + 1] + m.e) * ss;
      const y1 = (m.b * c[2 * k2] + m.d * c[2 * k2 + 1] + m.f) * ss;
      if (y0 === y1) continue;
      const dir = y1 > y0 ? 1 : -1;
      const ya = Math.min(y0, y1);
      const yb = Math.max(y0, y1);
      // Sample rows whose centre (r + 0.5) lies in [ya, yb).
      const r0 = Math.max(0, Math.ceil(ya - 0.5));
      const r1 = Math.min(H - 1, Math.ceil(yb - 0.5) - 1);
      const slope = (x1 - x0) / (y1 - y0);
      for (let r = r0; r <= r1; r++) rows[r].push(x0 + (r + 0.5 - y0) * slope, dir);
    }
  }
  const mask = new Uint8Array(W * H);
  const order: number[] = [];
  for (let r = 0; r < H; r++) {
    const xs = rows[r];
    const count = xs.length / 2;
    if (count < 2) continue;
    order.length = count;
    for (let i = 0; i < count; i++) order[i] = i;
    order.sort((p, q) => xs[2 * p] - xs[2 * q]);
    let winding = 0;
    let spanStart = 0;
    const base = r * W;
    for (let i = 0; i < count; i++) {
      const x = xs[2 * order[i]];
      const before = rule === 'nonzero' ? winding !== 0 : (winding & 1) === 1;
      winding += xs[2 * order[i] + 1];
      const after = rule === 'nonzero' ? winding !== 0 : (winding & 1) === 1;
      if (!before && after) spanStart = x;
      else if (before && !after) {
        const p0 = Math.max(0, Math.ceil(spanStart - 0.5));
        const p1 = Math.min(W, Math.ceil(x - 0.5));
        for (let p = p0; p < p1; p++) mask[base + p] = 1;
      }
    }
  }
  return mask;
}

/** Square max (dilate) or min (erode) filter of radius r, separable. */
function morph(src: Uint8Array, W: number, H: number, r: number, dilate: boolean): Uint8Array {
  const tmp = new Uint8Array(W * H);
  const out = new Uint8Array(W * H);
  const want = dilate ? 1 : 0;
  // Only samples inside the canvas count, so erosion does not eat strokes touching the edge.
  for (let y = 0; y < H; y++) {
    const base = y * W;
    for (let x = 0; x < W; x++) {
      let v = 1 - want;
      const lo = x - r;
      const hi = x + r;
      for (let k = Math.max(0, lo); k <= Math.min(W - 1, hi); k++) {
        if (src[base + k] === want) {
          v = want;
          break;
        }
      }
      tmp[base + x] = v;
    }
  }
  for (let x = 0; x < W; x++) {
    for (let y = 0; y < H; y++) {
      let v = 1 - want;
      const lo = y - r;
      const hi = y + r;
      for (let k = Math.max(0, lo); k <= Math.min(H - 1, hi); k++) {
        if (tmp[k * W + x] === want) {
          v = want;
          break;
        }
      }
      out[y * W + x] = v;
    }
  }
  return out;
}

function boxDown(mask: Uint8Array, width: number, height: number, ss: number): Float32Array {
  const out = new Float32Array(width * height);
  const W = width * ss;
  const norm = 1 / (ss * ss);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let j = 0; j < ss; j++) {
        const row = (y * ss + j) * W + x * ss;
        for (let i = 0; i < ss; i++) s += mask[row + i];
      }
      out[y * width + x] = s * norm;
    }
  }
  return out;
}

/**
 * Gaussian blur of one channel in place (separable, edges clamped). `stride`/`offset` let it
 * work on one channel of interleaved RGB.
 */
export function gaussianBlur(
  img: Float32Array,
  width: number,
  height: number,
  sigma: number,
  stride = 1,
  offset = 0,
): void {
  if (!(sigma > 0.05)) return;
  const radius = Math.max(1, Math.ceil(sigma * 3));
  const kernel = new Float32Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    kernel[i + radius] = Math.exp(-(i * i) / (2 * sigma * sigma));
    sum += kernel[i + radius];
  }
  for (let i = 0; i < kernel.length; i++) kernel[i] /= sum;
  const line = new Float32Array(Math.max(width, height));
  for (let y = 0; y < height; y++)
    blurLine(img, line, kernel, width, y * width * stride + offset, stride);
  for (let x = 0; x < width; x++)
    blurLine(img, line, kernel, height, x * stride + offset, width * stride);
}

/** Convolves the n samples img[base + i·step] with the (odd, centred) kernel, edges clamped. */
function blurLine(
  img: Float32Array,
  line: Float32Array,
  kernel: Float32Array,
  n: number,
  base: number,
  step: number,
): void {
  const radius = (kernel.length - 1) / 2;
  for (let i = 0; i < n; i++) line[i] = img[base + i * step];
  for (let i = 0; i < n; i++) {
    let s = 0;
    if (i >= radius && i + radius < n) {
      for (let k = 0; k < kernel.length; k++) s += kernel[k] * line[i - radius + k];
    } else {
      for (let k = 0; k < kernel.length; k++) {
        const j = i - radius + k;
        s += kernel[k] * line[j < 0 ? 0 : j >= n ? n - 1 : j];
      }
    }
    img[base + i * step] = s;
  }
}

/** Composes affine maps: first `p`, then `q`. */
export function compose(p: Affine, q: Affine): Affine {
  return {
    a: q.a * p.a + q.c * p.b,
    b: q.b * p.a + q.d * p.b,
    c: q.a * p.c + q.c * p.d,
    d: q.b * p.c + q.d * p.d,
    e: q.a * p.e + q.c * p.f + q.e,
    f: q.b * p.e + q.d * p.f + q.f,
  };
}

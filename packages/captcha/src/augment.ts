import type { Rng } from '@dl/core';
import type { CaptchaInput } from './task';

/** Ranges training augmentation draws from, uniformly, per image and epoch. */
export interface CaptchaAugment {
  /** Largest shift as a fraction of the width / height (default 0.03 / 0.08). */
  shiftX: number;
  shiftY: number;
  /** Scale range (default [0.92, 1.08]). */
  scale: [number, number];
  /** Largest rotation in degrees (default 3) and horizontal shear (default 0.15). */
  rotation: number;
  shear: number;
  /** Largest brightness offset (default 0.1) and contrast range (default [0.8, 1.2]). */
  brightness: number;
  contrast: [number, number];
  /** Largest Gaussian noise σ on the 0–1 scale (default 0.03). */
  noise: number;
}

export const DEFAULT_CAPTCHA_AUGMENT: CaptchaAugment = {
  shiftX: 0.03,
  shiftY: 0.08,
  scale: [0.92, 1.08],
  rotation: 3,
  shear: 0.15,
  brightness: 0.1,
  contrast: [0.8, 1.2],
  noise: 0.03,
};

/**
 * A random affine warp (about the centre, bilinear, borders clamped) plus brightness,
 * contrast and noise, of one model-input image: small enough that the text stays readable
 * and in order, so the label is unchanged.
 */
export function augmentCaptcha(
  x: Float32Array,
  input: CaptchaInput,
  a: CaptchaAugment,
  rng: Rng,
): Float32Array {
  const { height: H, width: W, channels: C } = input;
  const s = rng.uniform(a.scale[0], a.scale[1]);
  const angle = (rng.uniform(-a.rotation, a.rotation) * Math.PI) / 180;
  const shear = rng.uniform(-a.shear, a.shear);
  const dx = rng.uniform(-a.shiftX, a.shiftX) * W;
  const dy = rng.uniform(-a.shiftY, a.shiftY) * H;
  const gain = rng.uniform(a.contrast[0], a.contrast[1]);
  const offset = rng.uniform(-a.brightness, a.brightness);
  const sigma = rng.uniform(0, a.noise);
  // Output → input map: undo shift, rotation, shear and scale about the centre.
  const cos = Math.cos(angle) / s;
  const sin = Math.sin(angle) / s;
  const cx = (W - 1) / 2;
  const cy = (H - 1) / 2;
  const out = new Float32Array(x.length);
  const at = (yy: number, xx: number, c: number) => x[(yy * W + xx) * C + c];
  for (let y = 0; y < H; y++) {
    for (let xo = 0; xo < W; xo++) {
      const u = xo - cx - dx;
      const v = y - cy - dy;
      const ix = Math.min(W - 1, Math.max(0, cos * u + sin * v - shear * v + cx));
      const iy = Math.min(H - 1, Math.max(0, -sin * u + cos * v + cy));
      const x0 = Math.floor(ix);
      const y0 = Math.floor(iy);
      const x1 = Math.min(W - 1, x0 + 1);
      const y1 = Math.min(H - 1, y0 + 1);
      const fx = ix - x0;
      const fy = iy - y0;
      for (let c = 0; c < C; c++) {
        const top = at(y0, x0, c) * (1 - fx) + at(y0, x1, c) * fx;
        const bottom = at(y1, x0, c) * (1 - fx) + at(y1, x1, c) * fx;
        const v0 = (top * (1 - fy) + bottom * fy - 0.5) * gain + 0.5 + offset;
        out[(y * W + xo) * C + c] = v0 + (sigma > 0 ? sigma * rng.normal() : 0);
      }
    }
  }
  return out;
}

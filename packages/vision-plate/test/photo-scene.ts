import { Rng } from '@dl/core';
import type { synthPlateCrop } from '../src/synth/realistic-plate';

/** Street-like test photos with synthetic plates pasted in (the finder's tests). */
export const W = 480;
export const H = 360;

/** A grey street-like scene: a vertical gradient, noise and a few dark and light boxes. */
export function scene(seed: number): Uint8Array {
  const rng = new Rng(seed);
  const data = new Uint8Array(W * H * 3);
  const boxes = Array.from({ length: 5 }, () => ({
    x: rng.int(W),
    y: rng.int(H),
    w: 20 + rng.int(120),
    h: 10 + rng.int(60),
    v: rng.int(255),
  }));
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let v = 60 + (120 * y) / H + rng.normal(0, 6);
      for (const b of boxes) if (x >= b.x && x < b.x + b.w && y >= b.y && y < b.y + b.h) v = b.v;
      for (let k = 0; k < 3; k++) data[(y * W + x) * 3 + k] = Math.max(0, Math.min(255, v));
    }
  }
  return data;
}

/** Pastes a crop scaled by `scale` and turned by `deg` with its centre at (cx, cy). */
export function paste(
  data: Uint8Array,
  crop: ReturnType<typeof synthPlateCrop>,
  cx: number,
  cy: number,
  scale: number,
  deg: number,
) {
  const { width: w, height: h, data: src } = crop.image;
  const [c, s] = [Math.cos((deg * Math.PI) / 180), Math.sin((deg * Math.PI) / 180)];
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const dx = x + 0.5 - cx;
      const dy = y + 0.5 - cy;
      const u = (c * dx + s * dy) / scale + w / 2;
      const v = (-s * dx + c * dy) / scale + h / 2;
      if (u < 0 || v < 0 || u >= w || v >= h) continue;
      const p = (Math.floor(v) * w + Math.floor(u)) * 3;
      for (let k = 0; k < 3; k++) data[(y * W + x) * 3 + k] = src[p + k];
    }
  }
}

export const photo = (data: Uint8Array) => ({ width: W, height: H, channels: 3 as const, data });

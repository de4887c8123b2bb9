import type { Rng } from '@dl/core';
import type { PlateReaderInput } from './task';

/** A jittered crop, and where a column of the original lands in it. */
export interface JitteredCrop {
  x: Float32Array;
  toJittered: (column: number) => number;
}

/**
 * A real crop jittered for another pass: a small shift, zoom and tilt of the crop window
 * (crops are rarely placed alike twice), and brightness and contrast. Works on the reader's
 * input (RGB 0–1) and returns a new array.
 * @internal
 */
export function jitterCrop(x: Float32Array, input: PlateReaderInput, rng: Rng): JitteredCrop {
  const { width: W, height: H } = input;
  const u = (lo: number, hi: number) => lo + (hi - lo) * rng.next();
  const zoomX = u(0.94, 1.06);
  const zoomY = u(0.9, 1.1);
  const shiftX = u(-2, 2);
  const shiftY = u(-1.5, 1.5);
  const tilt = u(-0.04, 0.04);
  const gain = u(0.8, 1.2);
  const offset = u(-0.08, 0.08);
  const out = new Float32Array(x.length);
  for (let y = 0; y < H; y++) {
    for (let xo = 0; xo < W; xo++) {
      const cx = xo - W / 2;
      const cy = y - H / 2;
      const sx = Math.min(W - 1, Math.max(0, cx * zoomX + W / 2 + shiftX));
      const sy = Math.min(H - 1, Math.max(0, cy * zoomY + H / 2 + shiftY + tilt * cx));
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const x1 = Math.min(W - 1, x0 + 1);
      const y1 = Math.min(H - 1, y0 + 1);
      const tx = sx - x0;
      const ty = sy - y0;
      for (let c = 0; c < 3; c++) {
        const at = (xx: number, yy: number) => x[(yy * W + xx) * 3 + c];
        const v =
          (at(x0, y0) * (1 - tx) + at(x1, y0) * tx) * (1 - ty) +
          (at(x0, y1) * (1 - tx) + at(x1, y1) * tx) * ty;
        const o = (v - 0.5) * gain + 0.5 + offset;
        out[(y * W + xo) * 3 + c] = Math.min(1, Math.max(0, o));
      }
    }
  }
  return { x: out, toJittered: (column) => (column - W / 2 - shiftX) / zoomX + W / 2 };
}

import type { Rng } from '@dl/core';
import type { FaceAugment } from './task';

/** Flips, shifts of ±8%, rotations of ±10°, zoom ±8%, brightness ±20%: on for 'default'. */
export const DEFAULT_FACE_AUGMENT: FaceAugment = {
  flip: true,
  shift: 0.08,
  rotation: 10,
  scale: 0.08,
  brightness: 0.2,
};

/**
 * A randomly transformed copy of one preprocessed face (HWC, 0–1): mirrored, rotated, zoomed
 * and shifted about the centre in one bilinear resampling (edges repeated, so no black
 * borders appear that the model could learn), then brightness and contrast scaled.
 */
export function augmentFace(
  x: Float32Array,
  shape: readonly [number, number, number],
  a: FaceAugment,
  rng: Rng,
): Float32Array {
  const [h, w, c] = shape;
  const flip = a.flip && rng.next() < 0.5 ? -1 : 1;
  const angle = (rng.uniform(-a.rotation, a.rotation) * Math.PI) / 180;
  const zoom = 1 + rng.uniform(-a.scale, a.scale);
  const tx = rng.uniform(-a.shift, a.shift) * w;
  const ty = rng.uniform(-a.shift, a.shift) * h;
  const gain = 1 + rng.uniform(-a.brightness, a.brightness);
  const offset = rng.uniform(-a.brightness, a.brightness) / 2;
  const cos = Math.cos(angle) / zoom;
  const sin = Math.sin(angle) / zoom;
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  const out = new Float32Array(x.length);
  for (let y = 0; y < h; y++) {
    for (let xo = 0; xo < w; xo++) {
      // output pixel → source pixel: undo the shift, rotation and zoom, then the flip
      const px = xo - cx - tx;
      const py = y - cy - ty;
      const sx = flip * (cos * px + sin * py) + cx;
      const sy = -sin * px + cos * py + cy;
      sample(x, w, h, c, sx, sy, out, (y * w + xo) * c, gain, offset);
    }
  }
  return out;
}

function sample(
  x: Float32Array,
  w: number,
  h: number,
  c: number,
  sx: number,
  sy: number,
  out: Float32Array,
  at: number,
  gain: number,
  offset: number,
): void {
  const fx = Math.min(Math.max(sx, 0), w - 1);
  const fy = Math.min(Math.max(sy, 0), h - 1);
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  const x1 = Math.min(x0 + 1, w - 1);
  const y1 = Math.min(y0 + 1, h - 1);
  const ax = fx - x0;
  const ay = fy - y0;
  for (let k = 0; k < c; k++) {
    const top = x[(y0 * w + x0) * c + k] * (1 - ax) + x[(y0 * w + x1) * c + k] * ax;
    const bottom = x[(y1 * w + x0) * c + k] * (1 - ax) + x[(y1 * w + x1) * c + k] * ax;
    const v = (top * (1 - ay) + bottom * ay) * gain + offset;
    out[at + k] = Math.min(1, Math.max(0, v));
  }
}

import type { DecodedImage } from '@dl/core';
import type { PlateCandidate } from './candidates';

/** The four corners of a candidate (top-left, top-right, bottom-right, bottom-left). */
export function cornersOf(c: PlateCandidate, margin = 0): [number, number][] {
  const hw = c.halfWidth * (1 + margin);
  const hh = c.halfHeight * (1 + 2 * margin);
  const [cos, sin] = [Math.cos(c.angle), Math.sin(c.angle)];
  return [
    [-hw, -hh],
    [hw, -hh],
    [hw, hh],
    [-hw, hh],
  ].map(([u, v]) => [c.cx + u * cos - v * sin, c.cy + u * sin + v * cos] as [number, number]);
}

/**
 * The candidate's rectangle cut out upright (rotation undone) as an RGB crop of
 * `width` × `height`, area-sampled (4 × 4 bilinear samples a pixel) from the photo.
 * `margin` widens it by that share on each side.
 */
export function deskewCrop(
  photo: DecodedImage,
  c: PlateCandidate,
  width: number,
  height: number,
  margin = 0.04,
): DecodedImage & { data: Uint8Array } {
  const { width: W, height: H, data, channels: ch } = photo;
  const hw = c.halfWidth * (1 + margin);
  const hh = c.halfHeight * (1 + 2 * margin);
  const [cos, sin] = [Math.cos(c.angle), Math.sin(c.angle)];
  const out = new Uint8Array(width * height * 3);
  const ss = 4;
  const at = (x: number, y: number, k: number) => {
    const xi = Math.min(W - 1, Math.max(0, x));
    const yi = Math.min(H - 1, Math.max(0, y));
    const p = (yi * W + xi) * ch;
    return ch >= 3 ? data[p + k] : data[p];
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const acc = [0, 0, 0];
      for (let j = 0; j < ss; j++) {
        for (let i = 0; i < ss; i++) {
          const u = ((x + (i + 0.5) / ss) / width) * 2 * hw - hw;
          const v = ((y + (j + 0.5) / ss) / height) * 2 * hh - hh;
          const px = c.cx + u * cos - v * sin - 0.5;
          const py = c.cy + u * sin + v * cos - 0.5;
          const x0 = Math.floor(px);
          const y0 = Math.floor(py);
          const tx = px - x0;
          const ty = py - y0;
          for (let k = 0; k < 3; k++) {
            acc[k] +=
              (at(x0, y0, k) * (1 - tx) + at(x0 + 1, y0, k) * tx) * (1 - ty) +
              (at(x0, y0 + 1, k) * (1 - tx) + at(x0 + 1, y0 + 1, k) * tx) * ty;
          }
        }
      }
      for (let k = 0; k < 3; k++) out[(y * width + x) * 3 + k] = Math.round(acc[k] / (ss * ss));
    }
  }
  return { width, height, channels: 3, data: out };
}

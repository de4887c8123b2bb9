/**
 * The pixels of one character: the foreground pixels whose component label is marked in
 * `member`, inside columns [x0, x1) and rows [y0, y1).
 */
export interface CharPixels {
  member: Uint8Array;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** Tight ink box (end-exclusive) of a character's pixels, or null when it has none. */
export function inkBox(
  labels: Int32Array,
  width: number,
  height: number,
  c: CharPixels,
): { x0: number; y0: number; x1: number; y1: number; area: number } | null {
  let x0 = width;
  let y0 = height;
  let x1 = 0;
  let y1 = 0;
  let area = 0;
  for (let y = c.y0; y < c.y1; y++) {
    const row = y * width;
    for (let x = c.x0; x < c.x1; x++) {
      if (!c.member[labels[row + x]]) continue;
      area++;
      if (x < x0) x0 = x;
      if (x >= x1) x1 = x + 1;
      if (y < y0) y0 = y;
      if (y >= y1) y1 = y + 1;
    }
  }
  return area > 0 ? { x0, y0, x1, y1, area } : null;
}

/** Samples per output pixel along each axis (box-filtered downscaling of the binary crop). */
const SUPERSAMPLE = 4;

/**
 * A size×size glyph of a character whose window is its tight ink box, white (1) on black (0),
 * framed as `renderGlyph` frames training glyphs: the box scaled so its height is `inkHeight`×size, natural aspect (capped
 * at the full width), centred. Edges are soft, as in a resized binary crop.
 */
export function cropGlyph(
  labels: Int32Array,
  width: number,
  box: CharPixels,
  size: number,
  inkHeight: number,
): Float32Array {
  const out = new Float32Array(size * size);
  const bw = box.x1 - box.x0;
  const bh = box.y1 - box.y0;
  const scale = (inkHeight * size) / bh;
  // Output pixels per source pixel, horizontally: the same unless the ink would be too wide.
  const sx = Math.min(scale, size / bw);
  const left = size / 2 - (bw * sx) / 2;
  const top = size / 2 - (bh * scale) / 2;
  const k = SUPERSAMPLE;
  // Source column (or -1 outside the box) of every horizontal sample, and row of every vertical one.
  const xs = new Int32Array(size * k);
  const ys = new Int32Array(size * k);
  for (let i = 0; i < size * k; i++) {
    const x = Math.floor(box.x0 + ((i + 0.5) / k - left) / sx);
    xs[i] = x >= box.x0 && x < box.x1 ? x : -1;
    const y = Math.floor(box.y0 + ((i + 0.5) / k - top) / scale);
    ys[i] = y >= box.y0 && y < box.y1 ? y : -1;
  }
  for (let v = 0; v < size; v++) {
    for (let u = 0; u < size; u++) {
      let hits = 0;
      for (let j = v * k; j < (v + 1) * k; j++) {
        if (ys[j] < 0) continue;
        const row = ys[j] * width;
        for (let i = u * k; i < (u + 1) * k; i++) {
          if (xs[i] >= 0 && box.member[labels[row + xs[i]]]) hits++;
        }
      }
      out[v * size + u] = hits / (k * k);
    }
  }
  return out;
}

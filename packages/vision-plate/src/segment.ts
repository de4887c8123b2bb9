import { checkImage, type DecodedImage, DlError } from '@dl/core';
import { type Component, labelComponents, otsu, stripFrame, whiteness } from './segment-binarise';
import { cropGlyph } from './segment-glyph';
import { CELL, findCharacters, type LayoutContext, overlap, type Piece } from './segment-layout';
import type { PlateBox } from './synth/plate';

export interface SegmentPlateOptions {
  /** Side of the glyph images (default 20, what the classifiers take). */
  glyphSize?: number;
  /** Ink height as a fraction of the glyph side (default 0.95, as `renderGlyph` frames training glyphs). */
  inkHeight?: number;
  /** Least difference between character and background whiteness, 0–255 (default 40). */
  minContrast?: number;
  /** Also return the binary mask (default false). */
  debug?: boolean;
}

export interface PlateSegmentation {
  /** Seven size×size glyphs, white (1) on black (0), left to right. */
  glyphs: Float32Array[];
  /**
   * The seven character cells in image pixels, left to right: each character's ink box, widened
   * to the standard cell width around its centre where the ink is narrower (a '1').
   */
  boxes: PlateBox[];
  /** The seven tight ink boxes. */
  inkBoxes: PlateBox[];
  /** Whiteness threshold used (0–255; min(R, G, B) for colour images). */
  threshold: number;
  /** With `debug`: 255 = character pixels used, 96 = other foreground (frame, dot, specks). */
  binary?: { width: number; height: number; channels: 1; data: Uint8Array };
}

/** Smallest plate image that can be segmented. */
export const MIN_PLATE_WIDTH = 60;
const MIN_PLATE_HEIGHT = 20;

/**
 * Splits a cropped plate image into its seven characters: binarises by whiteness (white
 * characters on a blue plate, or bright characters on a darker gray background) with Otsu's
 * threshold, drops the frame, finds the character band, groups the strokes into characters by
 * their columns, and assigns them right to left — five digits/letters, the letter, then every
 * piece of the province character in the cell before it (its strokes often come apart) — so
 * the separator dot and stray pieces are never characters. Throws DlError DATA_INVALID when
 * the image is too small, has no characters, or fewer than seven can be found.
 */
export function segmentPlate(
  image: DecodedImage,
  options: SegmentPlateOptions = {},
): PlateSegmentation {
  checkImage(image, 'plate image');
  const { width: W, height: H } = image;
  const size = options.glyphSize ?? 20;
  const inkHeight = options.inkHeight ?? 0.95;
  const debug = options.debug ?? false;
  const where = { path: image.source };
  const fail = (msg: string) => new DlError('DATA_INVALID', msg, where);
  if (W < MIN_PLATE_WIDTH || H < MIN_PLATE_HEIGHT) {
    throw fail(
      `plate image is ${W}×${H} px, too small to segment: it needs at least ${MIN_PLATE_WIDTH}×${MIN_PLATE_HEIGHT} px (a standard plate crop is 440×140 or 136×36)`,
    );
  }

  // 1. Binarise: Otsu over the middle of the plate, where characters and background dominate.
  const score = whiteness(image);
  const t = otsu(
    score,
    W,
    Math.floor(W * 0.1),
    Math.floor(H * 0.2),
    Math.ceil(W * 0.9),
    Math.ceil(H * 0.8),
  );
  const minContrast = options.minContrast ?? 40;
  if (t.contrast < minContrast || t.foreground < 0.01) {
    throw fail(
      `no characters found on the plate image: no bright strokes stand out from the background ` +
        `(contrast ${t.contrast.toFixed(0)} of the ${minContrast} needed, on a 0–255 whiteness scale)`,
    );
  }
  const mask = new Uint8Array(W * H);
  for (let i = 0; i < W * H; i++) mask[i] = score[i] > t.threshold ? 1 : 0;
  const frameLike = (c: Component) => c.x1 - c.x0 > 0.4 * W || c.y1 - c.y0 > 0.85 * H;
  let cc = labelComponents(mask, W, H);
  const raw = debug ? mask.slice() : mask;
  if (cc.components.some(frameLike)) {
    cc.components.forEach((c, k) => {
      if (frameLike(c)) stripFrame(mask, cc.labels, W, k + 1, c);
    });
    cc = labelComponents(mask, W, H);
  }
  const { labels, components } = cc;

  // 2. Drop specks and what is left of the frame (or a bright surround); find the band.
  const minArea = Math.max(4, 0.0012 * H * H);
  const kept = new Uint8Array(components.length + 1);
  components.forEach((c, k) => {
    kept[k + 1] = c.area >= minArea && !frameLike(c) ? 1 : 0;
  });
  const rows = new Float64Array(H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if (kept[labels[y * W + x]]) rows[y]++;
  const [b0, b1] = band(rows);

  // 3. Characters from the pieces centred in the band; then again from the pieces that fit
  // the row of characters found (a fragment of the frame or the surround can reach the band).
  const ctx: LayoutContext = { labels, width: W, height: H, count: components.length };
  const pieces: Piece[] = components
    .map((c, k) => ({ ...c, id: k + 1 }))
    .filter((c) => kept[c.id] && (c.y0 + c.y1) / 2 >= b0 && (c.y0 + c.y1) / 2 < b1);
  const first = findCharacters(ctx, pieces);
  if (typeof first === 'number') throw fail(foundMessage(first));
  const { top, bottom, h } = first;
  const fits = (p: Piece) => {
    const cx = (p.x0 + p.x1) / 2;
    const cy = (p.y0 + p.y1) / 2;
    const a = top(cx) - 0.1 * h;
    const b = bottom(cx) + 0.1 * h;
    return cy >= a && cy <= b && overlap(p, a, b) >= 0.6 * (p.y1 - p.y0);
  };
  const layout = findCharacters(
    { ...ctx, rows: (x) => [top(x) - 0.08 * h, bottom(x) + 0.08 * h] },
    pieces.filter(fits),
  );
  if (typeof layout === 'number') throw fail(foundMessage(layout));
  const chars = layout.chars;

  // 4. Boxes and glyphs.
  const inkBoxes = chars.map((c) => ({
    x: c.x0,
    y: c.y0,
    width: c.x1 - c.x0,
    height: c.y1 - c.y0,
  }));
  const boxes = inkBoxes.map((b) => {
    const w = Math.min(W, Math.max(b.width, CELL * layout.h));
    const x = Math.min(W - w, Math.max(0, b.x + b.width / 2 - w / 2));
    return { x, y: b.y, width: w, height: b.height };
  });
  const glyphs = chars.map((c) => cropGlyph(labels, W, c, size, inkHeight));
  const result: PlateSegmentation = { glyphs, boxes, inkBoxes, threshold: t.threshold };
  if (debug) {
    const data = new Uint8Array(W * H);
    for (let i = 0; i < W * H; i++) if (raw[i]) data[i] = 96;
    for (const c of chars) {
      for (let y = c.y0; y < c.y1; y++)
        for (let x = c.x0; x < c.x1; x++) if (c.member[labels[y * W + x]]) data[y * W + x] = 255;
    }
    result.binary = { width: W, height: H, channels: 1, data };
  }
  return result;
}

function foundMessage(n: number): string {
  return n === 0
    ? 'no characters found on the plate image'
    : `found only ${n} of the 7 plate characters: the image may not be a single cropped plate, or characters are missing or unreadable`;
}

/** Rows of the character band: the longest run of rows with ≥ 25% of the peak ink count. */
function band(rows: Float64Array): [number, number] {
  let peak = 0;
  for (const v of rows) peak = Math.max(peak, v);
  if (peak === 0) return [0, 0];
  let best: [number, number] = [0, 0];
  let start = -1;
  let gap = 0;
  for (let y = 0; y <= rows.length; y++) {
    const on = y < rows.length && rows[y] >= 0.25 * peak;
    if (on) {
      if (start < 0) start = y;
      gap = 0;
    } else if (start >= 0 && (++gap > 2 || y === rows.length)) {
      const end = y - gap + 1;
      if (end - start > best[1] - best[0]) best = [start, end];
      start = -1;
      gap = 0;
    }
  }
  return best;
}

import type { Component } from './segment-binarise';
import { type CharPixels, inkBox } from './segment-glyph';

// Standard blue-plate layout (GA 36) in units of the character ink height h (≈ 0.97 × the
// 90 mm cell): 45 mm cells, 57 mm apart, 79 mm across the gap holding the dot.
export const CELL = 45 / 87;
const PITCH = 57 / 87;
const DOT_PITCH = 79 / 87;

/** A foreground component with its label. */
export interface Piece extends Component {
  id: number;
}

/** A group of pieces taken as one character, with its ink box (end-exclusive). */
export interface Seg extends CharPixels {
  ids: number[];
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  area: number;
}

export type Line = (x: number) => number;

export interface Layout {
  /** Province, letter, five alnum: left to right. */
  chars: Seg[];
  /** Character height in pixels. */
  h: number;
  /** Top and bottom of the character row along the plate (robust fit over the last six). */
  top: Line;
  bottom: Line;
}

export interface LayoutContext {
  labels: Int32Array;
  width: number;
  height: number;
  /** Number of component labels. */
  count: number;
  /** Rows allowed to a character at column x (from a first pass), if known. */
  rows?: (x: number) => [number, number];
}

/**
 * Assigns the pieces (components in the character band) to the seven characters: groups them
 * by overlapping columns, splits groups holding touching characters, picks the letter and the
 * five alnum characters as the six tall segments whose spacing fits the plate's (the dot's gap
 * first), then gathers every piece of the province in the cell before the letter. Returns the
 * number of characters found when it cannot find seven.
 */
export function findCharacters(ctx: LayoutContext, pieces: Piece[]): Layout | number {
  const { labels, width: W, height: H } = ctx;
  const sorted = [...pieces].sort((a, b) => a.x0 - b.x0);
  const groups: { ids: number[]; x0: number; x1: number }[] = [];
  for (const p of sorted) {
    const last = groups[groups.length - 1];
    if (last && p.x0 < last.x1) {
      last.ids.push(p.id);
      last.x1 = Math.max(last.x1, p.x1);
    } else groups.push({ ids: [p.id], x0: p.x0, x1: p.x1 });
  }
  const member = (ids: number[]) => {
    const m = new Uint8Array(ctx.count + 1);
    for (const id of ids) m[id] = 1;
    return m;
  };
  const makeSeg = (ids: number[], m: Uint8Array, x0: number, x1: number): Seg | null => {
    const [ya, yb] = ctx.rows ? ctx.rows((x0 + x1) / 2) : [0, H];
    const c: CharPixels = {
      member: m,
      x0,
      x1,
      y0: Math.max(0, Math.floor(ya)),
      y1: Math.min(H, Math.ceil(yb)),
    };
    const box = inkBox(labels, W, H, c);
    return box && { ...c, ids, ...box };
  };
  let segs = groups
    .map((g) => makeSeg(g.ids, member(g.ids), g.x0, g.x1))
    .filter((s): s is Seg => s !== null);
  if (segs.length === 0) return 0;

  // Character height from the tallest segments; split characters that touch.
  const h = median(
    segs
      .map((s) => s.y1 - s.y0)
      .sort((a, b) => b - a)
      .slice(0, 7),
  );
  // Tall, and not a sparse cluster of specks.
  const isTall = (s: Seg) =>
    s.y1 - s.y0 >= 0.55 * h &&
    s.y1 - s.y0 <= 1.6 * h &&
    s.area >= 0.1 * (s.x1 - s.x0) * (s.y1 - s.y0);
  const split = (s: Seg): Seg[] => {
    const w = s.x1 - s.x0;
    const k = Math.max(2, Math.round((w + (PITCH - CELL) * h) / (PITCH * h)));
    const cols = new Float64Array(w);
    for (let y = s.y0; y < s.y1; y++)
      for (let x = s.x0; x < s.x1; x++) if (s.member[labels[y * W + x]]) cols[x - s.x0]++;
    const cuts = [0];
    const reach = Math.max(1, Math.round(0.15 * h));
    for (let j = 1; j < k; j++) {
      const at = Math.round((j * w) / k);
      let best = at;
      for (let x = Math.max(1, at - reach); x <= Math.min(w - 1, at + reach); x++)
        if (cols[x] < cols[best]) best = x;
      cuts.push(Math.max(best, cuts[cuts.length - 1] + 1));
    }
    cuts.push(w);
    const parts: Seg[] = [];
    for (let j = 0; j < k; j++) {
      const part = makeSeg(s.ids, s.member, s.x0 + cuts[j], s.x0 + cuts[j + 1]);
      if (part) parts.push(part);
    }
    return parts;
  };
  segs = segs.flatMap((s) => (isTall(s) && s.x1 - s.x0 > 0.8 * h ? split(s) : [s]));
  const isFrameEdge = (s: Seg) => s.x1 - s.x0 < 0.08 * h && (s.x0 < 0.03 * W || s.x1 > 0.97 * W);
  const tall = segs.filter((s) => isTall(s) && !isFrameEdge(s));
  if (tall.length < 6) return tall.length;

  // Right to left: the letter and five alnum characters; then the province's pieces.
  const first = pickSix(tall, h);
  const right = tall.slice(first, first + 6);
  const centre = (s: Seg) => (s.x0 + s.x1) / 2;
  const top = fitLine(right.map((s) => [centre(s), s.y0]));
  const bottom = fitLine(right.map((s) => [centre(s), s.y1]));
  const cx2 = centre(right[0]);
  const cxp = cx2 - PITCH * h;
  const prov = segs.filter((s) => {
    const cx = centre(s);
    return (
      s.x1 <= right[0].x0 &&
      cx >= cxp - (CELL * 0.5 + 0.12) * h &&
      cx <= cx2 - 0.33 * h &&
      overlap(s, top(cxp) - 0.1 * h, bottom(cxp) + 0.1 * h) >= 0.6 * (s.y1 - s.y0)
    );
  });
  const ids = prov.flatMap((s) => s.ids);
  const province =
    prov.length > 0
      ? makeSeg(
          ids,
          member(ids),
          Math.min(...prov.map((s) => s.x0)),
          Math.max(...prov.map((s) => s.x1)),
        )
      : null;
  if (!province || province.y1 - province.y0 < 0.4 * h) return 6;
  return { chars: [province, ...right], h, top, bottom };
}

/** Rows of `s` inside [a, b]. */
export function overlap(s: { y0: number; y1: number }, a: number, b: number): number {
  return Math.max(0, Math.min(s.y1, b) - Math.max(s.y0, a));
}

/**
 * Start of the six consecutive segments (letter and five alnum characters) whose spacing best
 * fits the plate's: the gap holding the dot first, then four even steps. Ties go rightmost.
 */
function pickSix(tall: { x0: number; x1: number }[], h: number): number {
  const centres = tall.map((s) => (s.x0 + s.x1) / 2);
  let best = tall.length - 6;
  let bestErr = Number.POSITIVE_INFINITY;
  for (let s = tall.length - 6; s >= 0; s--) {
    const d = [1, 2, 3, 4, 5].map((i) => centres[s + i] - centres[s + i - 1]);
    const p = median(d.slice(1));
    let err = Math.abs(d[0] / p - DOT_PITCH / PITCH);
    for (const v of d.slice(1)) err += Math.abs(v / p - 1);
    if (p < 0.5 * h || p > 0.8 * h) err += 10;
    if (err < bestErr - 1e-9) {
      bestErr = err;
      best = s;
    }
  }
  return best;
}

/** Theil–Sen line through the points (median of pairwise slopes), as a function of x. */
function fitLine(points: number[][]): Line {
  const slopes: number[] = [];
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const dx = points[j][0] - points[i][0];
      if (dx !== 0) slopes.push((points[j][1] - points[i][1]) / dx);
    }
  }
  const slope = slopes.length > 0 ? median(slopes) : 0;
  const at = median(points.map(([x, y]) => y - slope * x));
  return (x) => at + slope * x;
}

export function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

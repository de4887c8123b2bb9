import { readFileSync } from 'node:fs';
import { DlError } from '@dl/core';

/**
 * A minimal TrueType reader: just enough of the format (cmap, loca, glyf, simple and
 * composite glyphs, TrueType collections) to get character outlines for rendering. Written
 * here rather than taken from a font package because the glyph renderer only needs outlines,
 * and because the Debian CJK font is a collection (.ttc) that common JS parsers do not read.
 * CFF-flavoured OpenType fonts are rejected with a clear error.
 */

/** One closed contour, flattened to a polygon: x0, y0, x1, y1, … in font units, y up. */
export type Contour = Float64Array;

export interface GlyphOutline {
  contours: Contour[];
  /** Ink bounding box in font units (y up); empty glyphs have xMin > xMax. */
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

export interface Font {
  /** File the font came from, and its index inside a collection. */
  path: string;
  index: number;
  /** Family name from the name table, when there is one. */
  family: string;
  unitsPerEm: number;
  /** Flattened outline of a character, or null when the font has no glyph for it. */
  outline(char: string): GlyphOutline | null;
  /** True when the font maps the character to a real glyph. */
  has(char: string): boolean;
}

const cache = new Map<string, Font>();

/**
 * Loads a TrueType font (.ttf) or one font of a collection (.ttc), cached per path and index.
 * Throws DlError FILE_NOT_FOUND for a missing file and FILE_UNSUPPORTED / FILE_CORRUPT for one
 * that is not a TrueType-outline font.
 */
export function loadFont(path: string, index = 0): Font {
  const key = `${path}#${index}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new DlError('FILE_NOT_FOUND', 'font file not found or unreadable', { path, cause: e });
  }
  let font: Font;
  try {
    font = parseFont(bytes, path, index);
  } catch (e) {
    if (e instanceof DlError) throw e;
    throw new DlError('FILE_CORRUPT', `not a readable TrueType font (${(e as Error).message})`, {
      path,
      cause: e,
    });
  }
  cache.set(key, font);
  return font;
}

function tag(view: DataView, at: number): string {
  return String.fromCharCode(
    view.getUint8(at),
    view.getUint8(at + 1),
    view.getUint8(at + 2),
    view.getUint8(at + 3),
  );
}

function parseFont(bytes: Uint8Array, path: string, index: number): Font {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let base = 0;
  if (tag(view, 0) === 'ttcf') {
    // Collection: the header lists each font's table directory; the table offsets inside
    // are absolute in the file, so a member is read in place.
    const count = view.getUint32(8);
    if (index < 0 || index >= count) {
      throw new DlError('INVALID_ARGUMENT', `font index ${index} out of range (0–${count - 1})`, {
        path,
      });
    }
    base = view.getUint32(12 + 4 * index);
  }
  const version = view.getUint32(base);
  if (version === 0x4f54544f /* 'OTTO' */) {
    throw new DlError(
      'FILE_UNSUPPORTED',
      'CFF-outline OpenType fonts are not supported; use a TrueType (.ttf/.ttc) font',
      { path },
    );
  }
  if (version !== 0x00010000 && version !== 0x74727565 /* 'true' */) {
    throw new DlError('FILE_UNSUPPORTED', 'not a TrueType font or collection', { path });
  }
  const numTables = view.getUint16(base + 4);
  const tables = new Map<string, { offset: number; length: number }>();
  for (let i = 0; i < numTables; i++) {
    const rec = base + 12 + 16 * i;
    tables.set(tag(view, rec), {
      offset: view.getUint32(rec + 8),
      length: view.getUint32(rec + 12),
    });
  }
  const need = (name: string) => {
    const t = tables.get(name);
    if (!t)
      throw new DlError('FILE_UNSUPPORTED', `TrueType font lacks the '${name}' table`, { path });
    return t;
  };
  const head = need('head');
  const unitsPerEm = view.getUint16(head.offset + 18);
  const longLoca = view.getInt16(head.offset + 50) === 1;
  const numGlyphs = view.getUint16(need('maxp').offset + 4);
  const loca = need('loca');
  const glyf = need('glyf');
  const lookup = parseCmap(view, need('cmap').offset);
  const family = parseFamily(view, tables.get('name')?.offset);

  const glyphRange = (gid: number): [number, number] => {
    if (gid < 0 || gid >= numGlyphs) return [0, 0];
    if (longLoca)
      return [view.getUint32(loca.offset + 4 * gid), view.getUint32(loca.offset + 4 * gid + 4)];
    return [
      view.getUint16(loca.offset + 2 * gid) * 2,
      view.getUint16(loca.offset + 2 * gid + 2) * 2,
    ];
  };

  const outlines = new Map<number, Contour[]>();
  const contoursOf = (gid: number, depth: number): Contour[] => {
    const known = outlines.get(gid);
    if (known) return known;
    const [start, end] = glyphRange(gid);
    let result: Contour[] = [];
    if (end > start && depth < 8) {
      const at = glyf.offset + start;
      const n = view.getInt16(at);
      result =
        n >= 0
          ? simpleGlyph(view, at, n)
          : compositeGlyph(view, at, (g) => contoursOf(g, depth + 1));
    }
    outlines.set(gid, result);
    return result;
  };

  const charOutlines = new Map<string, GlyphOutline | null>();
  return {
    path,
    index,
    family,
    unitsPerEm,
    has: (char) => {
      const cp = char.codePointAt(0);
      return cp !== undefined && lookup(cp) > 0;
    },
    outline: (char) => {
      if (charOutlines.has(char)) return charOutlines.get(char) ?? null;
      const cp = char.codePointAt(0);
      const gid = cp === undefined ? 0 : lookup(cp);
      let out: GlyphOutline | null = null;
      if (gid > 0) {
        const contours = contoursOf(gid, 0);
        out = { contours, ...bounds(contours) };
      }
      charOutlines.set(char, out);
      return out;
    },
  };
}

function bounds(contours: Contour[]): { xMin: number; yMin: number; xMax: number; yMax: number } {
  let xMin = Infinity;
  let yMin = Infinity;
  let xMax = -Infinity;
  let yMax = -Infinity;
  for (const c of contours) {
    for (let i = 0; i < c.length; i += 2) {
      if (c[i] < xMin) xMin = c[i];
      if (c[i] > xMax) xMax = c[i];
      if (c[i + 1] < yMin) yMin = c[i + 1];
      if (c[i + 1] > yMax) yMax = c[i + 1];
    }
  }
  return { xMin, yMin, xMax, yMax };
}

/** Returns a code point → glyph id function from the best Unicode subtable (format 12 or 4). */
function parseCmap(view: DataView, cmap: number): (cp: number) => number {
  const n = view.getUint16(cmap + 2);
  let best = -1;
  let bestRank = -1;
  for (let i = 0; i < n; i++) {
    const rec = cmap + 4 + 8 * i;
    const platform = view.getUint16(rec);
    const encoding = view.getUint16(rec + 2);
    const offset = cmap + view.getUint32(rec + 4);
    const format = view.getUint16(offset);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode || (format !== 4 && format !== 12)) continue;
    const rank = format === 12 ? 2 : 1;
    if (rank > bestRank) {
      best = offset;
      bestRank = rank;
    }
  }
  if (best < 0) throw new Error('no Unicode cmap subtable (format 4 or 12)');
  const sub = best;
  if (view.getUint16(sub) === 12) {
    const groups = view.getUint32(sub + 12);
    return (cp) => {
      let lo = 0;
      let hi = groups - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const g = sub + 16 + 12 * mid;
        const startCode = view.getUint32(g);
        const endCode = view.getUint32(g + 4);
        if (cp < startCode) hi = mid - 1;
        else if (cp > endCode) lo = mid + 1;
        else return view.getUint32(g + 8) + (cp - startCode);
      }
      return 0;
    };
  }
  const segX2 = view.getUint16(sub + 6);
  const ends = sub + 14;
  const starts = ends + segX2 + 2;
  const deltas = starts + segX2;
  const rangeOffsets = deltas + segX2;
  return (cp) => {
    if (cp > 0xffff) return 0;
    for (let s = 0; s < segX2; s += 2) {
      if (cp > view.getUint16(ends + s)) continue;
      const start = view.getUint16(starts + s);
      if (cp < start) return 0;
      const delta = view.getInt16(deltas + s);
      const ro = view.getUint16(rangeOffsets + s);
      if (ro === 0) return (cp + delta) & 0xffff;
      const g = view.getUint16(rangeOffsets + s + ro + 2 * (cp - start));
      return g === 0 ? 0 : (g + delta) & 0xffff;
    }
    return 0;
  };
}

function parseFamily(view: DataView, name: number | undefined): string {
  if (name === undefined) return '';
  const count = view.getUint16(name + 2);
  const strings = name + view.getUint16(name + 4);
  for (let i = 0; i < count; i++) {
    const rec = name + 6 + 12 * i;
    const platform = view.getUint16(rec);
    const nameId = view.getUint16(rec + 6);
    if (nameId !== 4 && nameId !== 1) continue;
    const length = view.getUint16(rec + 8);
    const at = strings + view.getUint16(rec + 10);
    let s = '';
    if (platform === 3 || platform === 0) {
      for (let k = 0; k + 1 < length; k += 2) s += String.fromCharCode(view.getUint16(at + k));
    } else {
      for (let k = 0; k < length; k++) s += String.fromCharCode(view.getUint8(at + k));
    }
    if (nameId === 4 && s) return s;
  }
  return '';
}

/** Segments per quadratic curve: enough for smooth edges at the sizes glyphs are drawn. */
const CURVE_STEPS = 6;

function simpleGlyph(view: DataView, at: number, numContours: number): Contour[] {
  let p = at + 10;
  const endPts: number[] = [];
  for (let i = 0; i < numContours; i++, p += 2) endPts.push(view.getUint16(p));
  const numPoints = numContours ? endPts[numContours - 1] + 1 : 0;
  p += 2 + view.getUint16(p); // skip instructions
  const flags = new Uint8Array(numPoints);
  for (let i = 0; i < numPoints; ) {
    const f = view.getUint8(p++);
    flags[i++] = f;
    if (f & 8) {
      let repeat = view.getUint8(p++);
      while (repeat-- > 0 && i < numPoints) flags[i++] = f;
    }
  }
  const xs = new Float64Array(numPoints);
  const ys = new Float64Array(numPoints);
  let v = 0;
  for (let i = 0; i < numPoints; i++) {
    const f = flags[i];
    if (f & 2) {
      const d = view.getUint8(p++);
      v += f & 16 ? d : -d;
    } else if (!(f & 16)) {
      v += view.getInt16(p);
      p += 2;
    }
    xs[i] = v;
  }
  v = 0;
  for (let i = 0; i < numPoints; i++) {
    const f = flags[i];
    if (f & 4) {
      const d = view.getUint8(p++);
      v += f & 32 ? d : -d;
    } else if (!(f & 32)) {
      v += view.getInt16(p);
      p += 2;
    }
    ys[i] = v;
  }
  const contours: Contour[] = [];
  let first = 0;
  for (const last of endPts) {
    const c = flattenContour(xs, ys, flags, first, last);
    if (c.length >= 6) contours.push(c);
    first = last + 1;
  }
  return contours;
}

/**
 * Turns one TrueType contour (on-curve points and quadratic control points, with implied
 * on-curve midpoints between consecutive control points) into a polygon.
 */
function flattenContour(
  xs: Float64Array,
  ys: Float64Array,
  flags: Uint8Array,
  first: number,
  last: number,
): Contour {
  const n = last - first + 1;
  if (n < 2) return new Float64Array(0);
  const on = (i: number) => (flags[first + (((i % n) + n) % n)] & 1) === 1;
  const px = (i: number) => xs[first + (((i % n) + n) % n)];
  const py = (i: number) => ys[first + (((i % n) + n) % n)];
  // Start at an on-curve point, or at the midpoint of the first two control points.
  let start = -1;
  for (let i = 0; i < n; i++) {
    if (on(i)) {
      start = i;
      break;
    }
  }
  const out: number[] = [];
  let sx: number;
  let sy: number;
  if (start >= 0) {
    sx = px(start);
    sy = py(start);
  } else {
    start = 0;
    sx = (px(0) + px(1)) / 2;
    sy = (py(0) + py(1)) / 2;
  }
  out.push(sx, sy);
  let cx = sx;
  let cy = sy;
  for (let k = 1; k <= n; k++) {
    const i = start + k;
    const x = px(i);
    const y = py(i);
    if (on(i)) {
      if (k < n) out.push(x, y);
      cx = x;
      cy = y;
      continue;
    }
    // Control point: the curve ends at the next on-curve point or the implied midpoint.
    let ex: number;
    let ey: number;
    if (on(i + 1)) {
      ex = px(i + 1);
      ey = py(i + 1);
    } else {
      ex = (x + px(i + 1)) / 2;
      ey = (y + py(i + 1)) / 2;
    }
    if (k === n && start === 0 && !on(0)) {
      ex = sx;
      ey = sy;
    }
    for (let s = 1; s <= CURVE_STEPS; s++) {
      const t = s / CURVE_STEPS;
      const u = 1 - t;
      out.push(u * u * cx + 2 * u * t * x + t * t * ex, u * u * cy + 2 * u * t * y + t * t * ey);
    }
    cx = ex;
    cy = ey;
    if (on(i + 1)) k++; // the end point is consumed
  }
  // Drop a duplicate closing point.
  const m = out.length;
  if (m >= 4 && out[m - 2] === out[0] && out[m - 1] === out[1]) out.length = m - 2;
  return Float64Array.from(out);
}

function compositeGlyph(
  view: DataView,
  at: number,
  component: (gid: number) => Contour[],
): Contour[] {
  const result: Contour[] = [];
  let p = at + 10;
  for (;;) {
    const flags = view.getUint16(p);
    const gid = view.getUint16(p + 2);
    p += 4;
    let dx: number;
    let dy: number;
    if (flags & 1) {
      dx = view.getInt16(p);
      dy = view.getInt16(p + 2);
      p += 4;
    } else {
      dx = view.getInt8(p);
      dy = view.getInt8(p + 1);
      p += 2;
    }
    if (!(flags & 2)) {
      // Point-matching placement: rare in practice; place without offset.
      dx = 0;
      dy = 0;
    }
    let a = 1;
    let b = 0;
    let c = 0;
    let d = 1;
    const f2dot14 = (o: number) => view.getInt16(o) / 16384;
    if (flags & 8) {
      a = d = f2dot14(p);
      p += 2;
    } else if (flags & 0x40) {
      a = f2dot14(p);
      d = f2dot14(p + 2);
      p += 4;
    } else if (flags & 0x80) {
      a = f2dot14(p);
      b = f2dot14(p + 2);
      c = f2dot14(p + 4);
      d = f2dot14(p + 6);
      p += 8;
    }
    for (const src of component(gid)) {
      const dst = new Float64Array(src.length);
      for (let i = 0; i < src.length; i += 2) {
        dst[i] = a * src[i] + c * src[i + 1] + dx;
        dst[i + 1] = b * src[i] + d * src[i + 1] + dy;
      }
      result.push(dst);
    }
    if (!(flags & 0x20)) break;
  }
  return result;
}

/**
 * A chart as a flat list of drawing primitives. Each chart is laid out once into a Scene, then
 * rendered by svg.ts or png.ts, so the SVG in a report and the PNG next to it are the same
 * picture by construction rather than two drawings kept in sync by hand.
 */
export type Color = `#${string}`;

export type Shape =
  | { kind: 'rect'; x: number; y: number; w: number; h: number; fill?: Color; stroke?: Color }
  | { kind: 'polyline'; points: [number, number][]; color: Color; width: number; dash?: boolean }
  | { kind: 'marker'; x: number; y: number; shape: 'dot' | 'cross'; color: Color; size: number }
  | TextShape;

export interface TextShape {
  kind: 'text';
  /** Anchor point; `y` is the vertical centre of the line. */
  x: number;
  y: number;
  text: string;
  /** Font size in px. */
  size: number;
  color: Color;
  anchor: 'start' | 'middle' | 'end';
  /** Rotated −90° about (x, y), reading bottom to top; `anchor` then runs along the text. */
  vertical?: boolean;
  bold?: boolean;
  /** What a Latin-only renderer prints when `text` has characters it lacks (see bitmapText). */
  fallback?: string;
}

export interface Scene {
  width: number;
  height: number;
  /** Accessible name (SVG <title>). */
  title: string;
  shapes: Shape[];
}

export const INK: Color = '#222222';
export const MUTED: Color = '#666666';
export const GRID: Color = '#e4e4e4';
export const WHITE: Color = '#ffffff';

/**
 * The text a Latin-only bitmap font can print for `text`: itself when every character is in the
 * font (printable ASCII and Latin-1), else a single character's code point ('京' → 'U+4EAC', so
 * plate characters stay distinguishable), else the caller's fallback (a class index) or '?'s.
 */
export function bitmapText(text: string, fallback?: string): string {
  const chars = [...text];
  if (chars.every(isLatin)) return text;
  if (chars.length === 1) return `U+${chars[0].codePointAt(0)!.toString(16).toUpperCase()}`;
  return fallback ?? chars.map((c) => (isLatin(c) ? c : '?')).join('');
}

function isLatin(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  return (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa1 && cp <= 0xff);
}

/**
 * Estimated rendered width of `text` at `size` px, for layout (margins, whether labels fit).
 * Browsers measure SVG text themselves; this only has to be a safe upper bound for sans-serif
 * Latin (~0.6 em) and full-width East Asian characters (1 em), whichever of the SVG text and
 * its bitmap rendition is wider.
 */
export function textWidth(text: string, size: number, fallback?: string): number {
  const estimate = (t: string) =>
    [...t].reduce((w, ch) => w + (isWide(ch.codePointAt(0)!) ? 1 : 0.6), 0) * size;
  return Math.max(estimate(text), estimate(bitmapText(text, fallback)));
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

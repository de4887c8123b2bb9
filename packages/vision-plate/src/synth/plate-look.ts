import type { Rng } from '@dl/core';
import type { GlyphMask, PlateGlyphSet } from './plate-glyphs';

/**
 * Everything random about one realistic plate crop, drawn from ranges meant to cover real
 * road-camera crops (CCPD-like: tight, often tilted or sheared, small, blurred, JPEG'd, dark or
 * washed out). Colours follow the plates' own: white on blue, black on a green gradient (new
 * energy), black on yellow.
 */

export type PlateColour = 'blue' | 'green' | 'yellow';

export type Rgb = [number, number, number];

export interface PlateLook {
  colour: PlateColour;
  /** Plate colour at the top and at the bottom (a gradient on green plates). */
  plateTop: Rgb;
  plateBottom: Rgb;
  ink: Rgb;
  /** The inset border line (width in mm; 0: none). */
  border: { inset: number; width: number };
  cornerRadius: number;
  /** One mask per character and its placement jitter (mm) and size. */
  glyphs: { mask: GlyphMask; dx: number; dy: number; scale: number }[];
  /** Coverage above which a glyph mask counts as ink: stroke weight (0.5 neutral). */
  strokeThreshold: number;
  frame: { width: number; overlap: number; colour: Rgb } | null;
  rivets: { radius: number; y: number[]; colour: Rgb } | null;
  background: { base: Rgb; grid: Float32Array; gridW: number; gridH: number };
  /** Corners of the plate in the crop, in fractions of its width and height. */
  corners: [number, number][];
  light: {
    gain: number;
    gamma: number;
    channel: Rgb;
    gradient: [number, number];
    shadow: { nx: number; ny: number; at: number; soft: number; factor: number } | null;
    dirt: { amount: number; colour: Rgb; grid: Float32Array } | null;
  };
  degrade: {
    /** Rendered at this fraction of the output size, then scaled up (low resolution). */
    renderScale: number;
    blur: number;
    motion: number;
    noise: number;
    /** JPEG quality, or 0 for none. */
    jpeg: number;
  };
}

/** Weights of the plate colours (default blue 0.7, green 0.2, yellow 0.1). */
export type PlateColourWeights = Partial<Record<PlateColour, number>>;

const u = (rng: Rng, lo: number, hi: number) => lo + (hi - lo) * rng.next();
const chance = (rng: Rng, p: number) => rng.next() < p;

/** HSV (h in degrees, s and v in 0–1) to RGB in 0–255. */
export function hsv(h: number, s: number, v: number): Rgb {
  const c = v * s;
  const hp = (((h % 360) + 360) % 360) / 60;
  const x = c * (1 - Math.abs((hp % 2) - 1));
  const [r, g, b] =
    hp < 1
      ? [c, x, 0]
      : hp < 2
        ? [x, c, 0]
        : hp < 3
          ? [0, c, x]
          : hp < 4
            ? [0, x, c]
            : hp < 5
              ? [x, 0, c]
              : [c, 0, x];
  const m = v - c;
  return [(r + m) * 255, (g + m) * 255, (b + m) * 255];
}

export function pickColour(rng: Rng, weights: PlateColourWeights = {}): PlateColour {
  const w: [PlateColour, number][] = [
    ['blue', weights.blue ?? 0.7],
    ['green', weights.green ?? 0.2],
    ['yellow', weights.yellow ?? 0.1],
  ];
  let r = rng.next() * w.reduce((s, [, x]) => s + x, 0);
  for (const [colour, x] of w) {
    r -= x;
    if (r < 0) return colour;
  }
  return 'blue';
}

function plateColours(
  rng: Rng,
  colour: PlateColour,
): Pick<PlateLook, 'plateTop' | 'plateBottom' | 'ink'> {
  if (colour === 'blue') {
    const c = hsv(u(rng, 198, 235), u(rng, 0.65, 1), u(rng, 0.55, 1));
    return {
      plateTop: c,
      plateBottom: c,
      ink: hsv(u(rng, 190, 230), u(rng, 0, 0.2), u(rng, 0.85, 1)),
    };
  }
  const ink = hsv(u(rng, 0, 360), u(rng, 0, 0.3), u(rng, 0, 0.18));
  if (colour === 'yellow') {
    const c = hsv(u(rng, 38, 52), u(rng, 0.6, 1), u(rng, 0.6, 1));
    return { plateTop: c, plateBottom: c, ink };
  }
  const light = hsv(u(rng, 95, 140), u(rng, 0.05, 0.35), u(rng, 0.85, 1));
  const green = hsv(u(rng, 110, 150), u(rng, 0.45, 0.9), u(rng, 0.55, 0.9));
  return chance(rng, 0.8)
    ? { plateTop: light, plateBottom: green, ink }
    : { plateTop: green, plateBottom: light, ink };
}

function pick<T>(rng: Rng, list: readonly T[]): T {
  return list[rng.int(list.length)];
}

function glyphMasks(rng: Rng, chars: string[], set: PlateGlyphSet): GlyphMask[] {
  // Real crops, when given, draw most plates; the rest are drawn in one font each.
  if (!set.crops || chance(rng, 0.25)) {
    const font = pick(rng, set.fonts);
    const plateOne = chance(rng, 0.5);
    return chars.map((ch) =>
      ch === '1' && plateOne ? set.plateOne : (font.get(ch) ?? pick(rng, set.masks.get(ch)!)),
    );
  }
  return chars.map((ch) => pick(rng, set.masks.get(ch)!));
}

/** The plate's corners in the crop: tilt, slant, perspective, then a loose or tight crop. */
function cropCorners(rng: Rng, aspect: number): [number, number][] {
  const theta = (Math.max(-12, Math.min(12, rng.normal(0, 4))) * Math.PI) / 180;
  const slant = Math.max(-0.35, Math.min(0.35, rng.normal(0, 0.12)));
  const taper = u(rng, -0.12, 0.12);
  const squash = u(rng, 0.85, 1.05);
  const pts = [
    [-1, -1],
    [1, -1],
    [1, 1],
    [-1, 1],
  ].map(([sx, sy]) => {
    let x = (sx * aspect) / 2;
    let y = (sy / 2) * squash * (1 + taper * sx);
    x += slant * y;
    [x, y] = [x * Math.cos(theta) - y * Math.sin(theta), x * Math.sin(theta) + y * Math.cos(theta)];
    return [x, y];
  });
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const w = Math.max(...xs) - Math.min(...xs);
  const h = Math.max(...ys) - Math.min(...ys);
  // Crops are tight: a few per cent of margin, sometimes cutting into the plate.
  const x0 = Math.min(...xs) - w * u(rng, -0.04, 0.04);
  const x1 = Math.max(...xs) + w * u(rng, -0.04, 0.04);
  const y0 = Math.min(...ys) - h * u(rng, -0.1, 0.08);
  const y1 = Math.max(...ys) + h * u(rng, -0.1, 0.08);
  return pts.map(([x, y]) => [(x - x0) / (x1 - x0), (y - y0) / (y1 - y0)]);
}

function lighting(rng: Rng): PlateLook['light'] {
  const r = rng.next();
  const gain = r < 0.1 ? u(rng, 0.4, 0.65) : r < 0.22 ? u(rng, 1.2, 1.8) : u(rng, 0.75, 1.2);
  const shadow = chance(rng, 0.15)
    ? (() => {
        const a = u(rng, 0, 2 * Math.PI);
        return {
          nx: Math.cos(a),
          ny: Math.sin(a),
          at: u(rng, -0.3, 0.3),
          soft: u(rng, 0.01, 0.08),
          factor: u(rng, 0.3, 0.75),
        };
      })()
    : null;
  const dirt = chance(rng, 0.15)
    ? {
        amount: u(rng, 0.1, 0.5),
        colour: hsv(u(rng, 25, 45), u(rng, 0.2, 0.5), u(rng, 0.25, 0.55)),
        grid: Float32Array.from({ length: 12 * 4 }, () => rng.next()),
      }
    : null;
  return {
    gain,
    gamma: u(rng, 0.75, 1.35),
    channel: [u(rng, 0.88, 1.12), u(rng, 0.9, 1.1), u(rng, 0.88, 1.12)],
    gradient: [u(rng, -0.3, 0.3), u(rng, -0.3, 0.3)],
    shadow,
    dirt,
  };
}

/** Draws one plate's look. */
export function sampleLook(
  rng: Rng,
  chars: string[],
  colour: PlateColour,
  glyphs: PlateGlyphSet,
  aspect: number,
): PlateLook {
  const base = hsv(u(rng, 0, 360), u(rng, 0, 0.35), u(rng, 0.05, 0.85));
  const frame = chance(rng, 0.35)
    ? {
        width: u(rng, 2, 12),
        overlap: chance(rng, 0.3) ? u(rng, 0, 5) : 0,
        colour: chance(rng, 0.6)
          ? hsv(0, 0, u(rng, 0, 0.25))
          : hsv(u(rng, 0, 360), u(rng, 0, 0.15), u(rng, 0.55, 0.9)),
      }
    : null;
  const rivets = chance(rng, 0.5)
    ? {
        radius: u(rng, 3, 6),
        y: chance(rng, 0.3) ? [u(rng, 10, 18), 140 - u(rng, 10, 18)] : [u(rng, 10, 18)],
        colour: hsv(u(rng, 0, 360), u(rng, 0, 0.15), u(rng, 0.35, 0.95)),
      }
    : null;
  return {
    colour,
    ...plateColours(rng, colour),
    border:
      colour === 'green' || chance(rng, 0.2)
        ? { inset: 0, width: 0 }
        : { inset: u(rng, 2, 4.5), width: u(rng, 1.5, 3) },
    cornerRadius: u(rng, 4, 10),
    glyphs: glyphMasks(rng, chars, glyphs).map((mask) => ({
      mask,
      dx: u(rng, -1.5, 1.5),
      dy: u(rng, -2, 2),
      scale: u(rng, 0.92, 1.02),
    })),
    strokeThreshold: u(rng, 0.35, 0.65),
    frame,
    rivets,
    background: {
      base,
      grid: Float32Array.from({ length: 6 * 3 * 3 }, () => rng.normal(0, 18)),
      gridW: 6,
      gridH: 3,
    },
    corners: cropCorners(rng, aspect),
    light: lighting(rng),
    degrade: {
      renderScale: chance(rng, 0.25) ? u(rng, 0.6, 0.9) : 1,
      blur: u(rng, 0, 0.8),
      motion: chance(rng, 0.15) ? u(rng, 1, 3) : 0,
      noise: u(rng, 0, 10),
      jpeg: chance(rng, 0.85) ? u(rng, 30, 95) : 0,
    },
  };
}

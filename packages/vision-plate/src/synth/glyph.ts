import { DlError, Rng } from '@dl/core';
import { GLYPH_SIZE } from '../task';
import { type Font, type GlyphOutline, loadFont } from './font';
import { type FontScript, findFonts } from './fonts';
import { type GlyphKind, labelsOf } from './labels';
import { type Affine, gaussianBlur, rasterize } from './raster';

export { GLYPH_SIZE };

/**
 * Explicit parameters of one rendered glyph. Every field has a neutral default, so
 * `renderGlyph('京')` gives a clean, centred, full-height character; {@link synthGlyphs} draws
 * these at random for augmentation.
 */
export interface GlyphStyle {
  /** A loaded font or a font file path (.ttf/.ttc); default: the first installed font for the script. */
  font?: Font | string;
  /** Index inside a .ttc collection when `font` is a path. */
  fontIndex?: number;
  /** Output side in pixels (default 20). */
  size?: number;
  /** Ink height as a fraction of `size` before `scale` (default 0.95: nearly full height, like real crops). */
  height?: number;
  /**
   * Widest ink width as a fraction of the ink height: wider glyphs are squeezed to it, narrower
   * ones keep their natural aspect (a '1' stays a thin bar). Default 0.52 for letters and digits
   * (plate cells are 45×90 mm), 0.75 for Chinese characters.
   */
  maxAspect?: number;
  /** Extra horizontal stretch of the ink (default 1). */
  stretch?: number;
  /** Overall size factor (default 1). */
  scale?: number;
  /** Rotation in degrees, clockwise (default 0). */
  rotation?: number;
  /** Shift of the centre in pixels (default 0). */
  shiftX?: number;
  shiftY?: number;
  /** Stroke growth in pixels: > 0 thicker (max filter), < 0 thinner (min filter). */
  thickness?: number;
  /** Gaussian blur σ in pixels (default 0). */
  blur?: number;
  /** Contrast around mid-grey (default 1) and brightness offset (default 0). */
  contrast?: number;
  brightness?: number;
  /** Gaussian noise σ (default 0) and fraction of salt-and-pepper pixels (default 0). */
  noise?: number;
  saltPepper?: number;
  /** Binarise at this level after noise (default: no binarisation). */
  threshold?: number;
  /** Gaussian σ applied after binarising: the softness of a resized binary crop (default 0). */
  soften?: number;
  /** Seed of the noise (default 0). */
  seed?: number;
}

/** Ranges the augmentations are drawn from, uniformly. */
export interface GlyphAugmentOptions {
  /** Largest |shift| in pixels (default 2). */
  shift?: number;
  /** Largest |rotation| in degrees (default 8). */
  rotation?: number;
  scale?: [number, number];
  /** Horizontal stretch (default [0.85, 1.15]). */
  stretch?: [number, number];
  /** Widest aspect: default [0.42, 0.6] for letters/digits, [0.55, 0.95] for Chinese (real crops: 11–19 px of 20). */
  maxAspect?: [number, number];
  /** Stroke growth in pixels: default [-0.25, 0.8] for letters/digits, [0, 0.3] for Chinese (dense strokes). */
  thickness?: [number, number];
  /** Gaussian blur σ (default [0, 0.8]). */
  blur?: [number, number];
  contrast?: [number, number];
  brightness?: [number, number];
  noise?: [number, number];
  saltPepper?: [number, number];
  /** Probability that a sample is binarised (default 0.8: most real crops are). */
  binarise?: number;
  threshold?: [number, number];
  soften?: [number, number];
}

const DEFAULT_AUGMENT: Required<Omit<GlyphAugmentOptions, 'maxAspect' | 'thickness'>> = {
  shift: 2,
  rotation: 8,
  scale: [0.85, 1.1],
  stretch: [0.85, 1.15],
  blur: [0, 0.8],
  contrast: [0.6, 1.2],
  brightness: [-0.15, 0.15],
  noise: [0, 0.08],
  saltPepper: [0, 0.015],
  binarise: 0.8,
  threshold: [0.35, 0.6],
  soften: [0, 0.5],
};

const PER_SCRIPT: Record<FontScript, { maxAspect: [number, number]; thickness: [number, number] }> =
  {
    latin: { maxAspect: [0.42, 0.6], thickness: [-0.25, 0.8] },
    cjk: { maxAspect: [0.55, 0.95], thickness: [0, 0.3] },
  };

export function scriptOf(char: string): FontScript {
  return (char.codePointAt(0) ?? 0) >= 0x2e80 ? 'cjk' : 'latin';
}

/**
 * Plate-font '1': a plain bar with a small flag. Real plate crops show '1' as a thin vertical
 * bar, which no ordinary font's '1' (with its foot serif) looks like.
 */
export const PLATE_ONE_FONT: Font = (() => {
  const bar = Float64Array.from([0, 0, 150, 0, 150, 1000, 40, 1000, -90, 880, -90, 800, 0, 860]);
  const outline: GlyphOutline = { contours: [bar], xMin: -90, yMin: 0, xMax: 150, yMax: 1000 };
  return {
    path: '<builtin plate one>',
    index: 0,
    family: 'plate 1',
    unitsPerEm: 1000,
    has: (c: string) => c === '1',
    outline: (c: string) => (c === '1' ? outline : null),
  };
})();

/**
 * Whether a font's glyph looks like the plate character: monospace fonts draw a dotted or
 * slashed zero, which no plate has.
 */
export function plateLike(font: Font, char: string): boolean {
  return font.has(char) && !(char === '0' && /mono/i.test(font.family));
}

/**
 * Renders one character as a size×size image, white (1) on black (0), like a binarised plate
 * crop. Throws DlError DATA_INVALID when the font has no glyph for the character.
 */
export function renderGlyph(char: string, style: GlyphStyle = {}): Float32Array {
  const font =
    typeof style.font === 'string'
      ? loadFont(style.font, style.fontIndex ?? 0)
      : (style.font ?? findFonts(scriptOf(char))[0]);
  return renderWith(font, char, style, new Rng(style.seed ?? 0));
}

function renderWith(font: Font, char: string, s: GlyphStyle, rng: Rng): Float32Array {
  const outline = font.outline(char);
  if (!outline || !(outline.xMax > outline.xMin) || !(outline.yMax > outline.yMin)) {
    throw new DlError(
      'DATA_INVALID',
      `font ${font.family || font.path} has no glyph for '${char}' (U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase()})`,
      { path: font.path },
    );
  }
  const size = s.size ?? GLYPH_SIZE;
  const gw = outline.xMax - outline.xMin;
  const gh = outline.yMax - outline.yMin;
  const inkH = size * (s.height ?? 0.95) * (s.scale ?? 1);
  const maxAspect = s.maxAspect ?? (scriptOf(char) === 'cjk' ? 0.75 : 0.52);
  const sy = inkH / gh;
  const sx = Math.min(sy, (inkH * maxAspect) / gw) * (s.stretch ?? 1);
  const theta = ((s.rotation ?? 0) * Math.PI) / 180;
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  const cx = (outline.xMin + outline.xMax) / 2;
  const cy = (outline.yMin + outline.yMax) / 2;
  // Font units (y up) → centred, scaled, y down → rotated → placed in the image.
  const ax = sx;
  const dy = -sy;
  const m: Affine = {
    a: cos * ax,
    b: sin * ax,
    c: -sin * dy,
    d: cos * dy,
    e: 0,
    f: 0,
  };
  m.e = size / 2 + (s.shiftX ?? 0) - (m.a * cx + m.c * cy);
  m.f = size / 2 + (s.shiftY ?? 0) - (m.b * cx + m.d * cy);
  const img = rasterize(outline.contours, m, size, size, { grow: s.thickness ?? 0 });
  // A binarised crop keeps nothing of blur, contrast or brightness (the binariser adapts to
  // them, and blurring before a threshold only erases thin strokes or merges close ones), so
  // those apply to grey samples only. Noise before the threshold roughens the edges.
  const binarise = s.threshold !== undefined;
  if (!binarise) gaussianBlur(img, size, size, s.blur ?? 0);
  const contrast = binarise ? 1 : (s.contrast ?? 1);
  const brightness = binarise ? 0 : (s.brightness ?? 0);
  const noise = s.noise ?? 0;
  const sp = s.saltPepper ?? 0;
  const n = img.length;
  for (let i = 0; i < n; i++) {
    let v = (img[i] - 0.5) * contrast + 0.5 + brightness;
    if (noise > 0) v += rng.normal(0, noise);
    if (sp > 0 && rng.next() < sp) v = rng.next() < 0.5 ? 0 : 1;
    img[i] = v;
  }
  if (binarise) {
    const t = s.threshold as number;
    for (let i = 0; i < n; i++) img[i] = img[i] >= t ? 1 : 0;
    gaussianBlur(img, size, size, s.soften ?? 0);
  }
  for (let i = 0; i < n; i++) img[i] = Math.min(1, Math.max(0, img[i]));
  return img;
}

function uniform(rng: Rng, [lo, hi]: [number, number]): number {
  return lo + (hi - lo) * rng.next();
}

/** Draws a random augmentation style from the ranges (font not included). */
export function sampleGlyphStyle(
  rng: Rng,
  script: FontScript,
  augment: GlyphAugmentOptions = {},
): GlyphStyle {
  const a = { ...DEFAULT_AUGMENT, ...PER_SCRIPT[script], ...augment };
  const style: GlyphStyle = {
    scale: uniform(rng, a.scale),
    stretch: uniform(rng, a.stretch),
    maxAspect: uniform(rng, a.maxAspect),
    rotation: uniform(rng, [-a.rotation, a.rotation]),
    shiftX: uniform(rng, [-a.shift, a.shift]),
    shiftY: uniform(rng, [-a.shift, a.shift]),
    thickness: uniform(rng, a.thickness),
    blur: uniform(rng, a.blur),
    contrast: uniform(rng, a.contrast),
    brightness: uniform(rng, a.brightness),
    noise: uniform(rng, a.noise),
    // Specks on a minority of samples only: real crops are mostly clean.
    saltPepper: rng.next() < 0.3 ? uniform(rng, a.saltPepper) : 0,
  };
  if (rng.next() < a.binarise) {
    style.threshold = uniform(rng, a.threshold);
    style.soften = uniform(rng, a.soften);
  }
  return style;
}

export interface SynthGlyphOptions {
  kind: GlyphKind;
  /** Samples per class. */
  perClass: number;
  /** Same seed, same data (default 1). */
  seed?: number;
  /**
   * Random shift, rotation, scale, stroke thickness, blur, contrast, noise and binarisation
   * (default true); false renders clean centred glyphs, cycling through the fonts.
   */
  augment?: boolean | GlyphAugmentOptions;
  /** Font files to use instead of the standard Debian locations. */
  fonts?: readonly string[];
  /** Output side (default 20). */
  size?: number;
}

export interface SynthGlyphs {
  /** count × size × size values in [0, 1], row-major, white glyph on black. */
  images: Float32Array;
  /** Class index per image, into `labelNames`; classes interleave so any prefix is balanced. */
  labels: Int32Array;
  labelNames: string[];
  count: number;
  size: number;
  /** The font files used. */
  fonts: string[];
}

/**
 * Font-rendered plate characters with augmentations that make them look like binarised plate
 * crops. Deterministic per seed; each sample has its own random stream, so a smaller
 * `perClass` gives a prefix of a larger one.
 */
export function synthGlyphs(options: SynthGlyphOptions): SynthGlyphs {
  const { kind, perClass, seed = 1, augment = true, size = GLYPH_SIZE } = options;
  if (kind !== 'province' && kind !== 'letter' && kind !== 'alnum') {
    throw new DlError(
      'INVALID_ARGUMENT',
      `kind must be 'province', 'letter' or 'alnum', got ${JSON.stringify(kind)}`,
    );
  }
  if (!Number.isInteger(perClass) || perClass < 1) {
    throw new DlError('INVALID_ARGUMENT', `perClass must be a positive integer, got ${perClass}`);
  }
  const labelNames = [...labelsOf(kind)];
  const script: FontScript = kind === 'province' ? 'cjk' : 'latin';
  const allFonts = findFonts(script, options.fonts);
  // Per class, the fonts that have the character (plus the plate-style '1').
  const fontsFor = labelNames.map((ch) => {
    const fs = allFonts.filter((f) => plateLike(f, ch));
    if (ch === '1') fs.push(PLATE_ONE_FONT);
    if (fs.length === 0) {
      throw new DlError(
        'DATA_INVALID',
        `none of the fonts ${allFonts.map((f) => f.path).join(', ')} has a glyph for '${ch}'`,
      );
    }
    return fs;
  });
  const classes = labelNames.length;
  const count = classes * perClass;
  const images = new Float32Array(count * size * size);
  const labels = new Int32Array(count);
  const root = new Rng(seed).fork(`glyphs/${kind}`);
  const ranges = typeof augment === 'object' ? augment : {};
  for (let i = 0; i < count; i++) {
    const c = i % classes;
    const k = Math.floor(i / classes);
    const rng = root.fork(`${c}/${k}`);
    const fonts = fontsFor[c];
    const style: GlyphStyle = augment === false ? {} : sampleGlyphStyle(rng, script, ranges);
    const font = augment === false ? fonts[k % fonts.length] : fonts[rng.int(fonts.length)];
    style.size = size;
    images.set(renderWith(font, labelNames[c], style, rng), i * size * size);
    labels[i] = c;
  }
  return {
    images,
    labels,
    labelNames,
    count,
    size,
    fonts: [...new Set(allFonts.map((f) => f.path))],
  };
}

import { type DecodedImage, DlError, Rng } from '@dl/core';
import type opentype from 'opentype.js';
import { type CaptchaDataset, captchaDataset } from '../data';
import { checkCharset } from '../labels';
import { captchaFonts } from './fonts';
import { type Affine, fillCoverage, flatten } from './raster';

/** The 19 symbols of the captcha_images_v2 set (the Keras OCR example's). */
export const CAPTCHA_V2_CHARSET = '2345678bcdefgmnpwxy';
/** Digits and lowercase letters: the seed's 36 classes. */
export const ALNUM_LOWER = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Ranges one captcha's look is drawn from, uniformly. */
export interface CaptchaStyle {
  /** Glyph height as a fraction of the image height (default [0.5, 0.72]). */
  size: [number, number];
  /** Largest rotation of a glyph in degrees (default 22). */
  rotation: number;
  /** Advance between glyphs as a fraction of their own width: < 1 overlaps (default [0.7, 0.95]). */
  spacing: [number, number];
  /** Largest vertical jitter of a glyph, fraction of the height (default 0.08). */
  jitter: number;
  /** Noise curves across the text (default [1, 2]) and their width in px (default [1, 2.5]). */
  lines: [number, number];
  lineWidth: [number, number];
  /** Noise dots per 1,000 pixels (default [0, 6]). */
  dots: [number, number];
  /** Sine warp amplitude in px (default [0, 2]). */
  warp: [number, number];
  /** One colour for all glyphs (default probability 0.6) or one per glyph. */
  sameColour: number;
  /** Gaussian pixel noise σ on 0–255 (default [0, 8]). */
  noise: [number, number];
}

export const DEFAULT_CAPTCHA_STYLE: CaptchaStyle = {
  size: [0.5, 0.72],
  rotation: 22,
  spacing: [0.7, 0.95],
  jitter: 0.08,
  lines: [1, 2],
  lineWidth: [1, 2.5],
  dots: [0, 6],
  warp: [0, 2],
  sameColour: 0.6,
  noise: [0, 8],
};

export interface SynthCaptchaOptions {
  /** Captchas to draw (default 1000). */
  count?: number;
  /** Symbols drawn from (default CAPTCHA_V2_CHARSET). */
  charset?: string;
  /** Characters per captcha, or a [min, max] range for variable length (default 5). */
  length?: number | [number, number];
  /** Image size (default 200 × 50, the captcha_images_v2 size). */
  width?: number;
  height?: number;
  /** Overrides of DEFAULT_CAPTCHA_STYLE. */
  style?: Partial<CaptchaStyle>;
  /** Font files (default: CAPTCHA_FONT_PATHS that exist). */
  fonts?: readonly string[];
  /** Default 1. */
  seed?: number;
}

type Rgb = [number, number, number];

const range = (rng: Rng, [a, b]: [number, number]) => rng.uniform(a, b);
const pick = <T>(rng: Rng, items: readonly T[]) => items[rng.int(items.length)];

/** A light background with a linear gradient between two tints. */
function background(rng: Rng, w: number, h: number): Float32Array {
  const a: Rgb = [0, 0, 0].map(() => rng.uniform(170, 255)) as Rgb;
  const b: Rgb = [0, 0, 0].map(() => rng.uniform(170, 255)) as Rgb;
  const angle = rng.uniform(0, Math.PI * 2);
  const [dx, dy] = [Math.cos(angle), Math.sin(angle)];
  const img = new Float32Array(w * h * 3);
  const span = Math.abs(dx) * w + Math.abs(dy) * h;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const t = ((x - w / 2) * dx + (y - h / 2) * dy) / span + 0.5;
      for (let c = 0; c < 3; c++) img[(y * w + x) * 3 + c] = a[c] * (1 - t) + b[c] * t;
    }
  }
  return img;
}

const darkColour = (rng: Rng): Rgb => [0, 0, 0].map(() => rng.uniform(0, 110)) as Rgb;

function paint(img: Float32Array, cover: Float32Array, rgb: Rgb): void {
  for (let i = 0; i < cover.length; i++) {
    const k = Math.min(1, cover[i]);
    if (k <= 0) continue;
    for (let c = 0; c < 3; c++) img[i * 3 + c] = img[i * 3 + c] * (1 - k) + rgb[c] * k;
  }
}

/** Glyph placements: font, size, angle and origin of each symbol, fitted to the width. */
function layout(
  text: string,
  fonts: opentype.Font[],
  st: CaptchaStyle,
  rng: Rng,
  w: number,
  h: number,
) {
  const glyphs = [...text].map((ch) => {
    const font = pick(rng, fonts);
    const size = range(rng, st.size) * h * (font.unitsPerEm / (font.ascender || font.unitsPerEm));
    const glyph = font.charToGlyph(ch);
    const advance = ((glyph.advanceWidth ?? font.unitsPerEm * 0.6) / font.unitsPerEm) * size;
    return { glyph, size, advance: advance * range(rng, st.spacing), width: advance };
  });
  const total = glyphs.reduce((s, g) => s + g.advance, 0) + (glyphs.at(-1)?.width ?? 0) * 0.2;
  const fit = Math.min(1, (w * 0.9) / total);
  let x = rng.uniform(0.03 * w, Math.max(0.03 * w, w - total * fit - 0.03 * w));
  return glyphs.map((g) => {
    const size = g.size * fit;
    const at = {
      ...g,
      size,
      x,
      baseline: h * 0.5 + size * 0.33 + rng.uniform(-st.jitter, st.jitter) * h,
    };
    x += g.advance * fit;
    return at;
  });
}

/** A noise curve: a cubic Bézier across the image, stamped as anti-aliased discs. */
function curve(img: Float32Array, w: number, h: number, rng: Rng, width: number, rgb: Rgb) {
  const pts = [
    [rng.uniform(0, w * 0.2), rng.uniform(0, h)],
    [rng.uniform(0, w), rng.uniform(-h * 0.5, h * 1.5)],
    [rng.uniform(0, w), rng.uniform(-h * 0.5, h * 1.5)],
    [rng.uniform(w * 0.8, w), rng.uniform(0, h)],
  ];
  const cover = new Float32Array(w * h);
  const r = width / 2;
  for (let i = 0; i <= 400; i++) {
    const t = i / 400;
    const u = 1 - t;
    const cx =
      u ** 3 * pts[0][0] +
      3 * u * u * t * pts[1][0] +
      3 * u * t * t * pts[2][0] +
      t ** 3 * pts[3][0];
    const cy =
      u ** 3 * pts[0][1] +
      3 * u * u * t * pts[1][1] +
      3 * u * t * t * pts[2][1] +
      t ** 3 * pts[3][1];
    for (let y = Math.floor(cy - r - 1); y <= cy + r + 1; y++) {
      for (let x = Math.floor(cx - r - 1); x <= cx + r + 1; x++) {
        if (x < 0 || y < 0 || x >= w || y >= h) continue;
        const d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
        cover[y * w + x] = Math.max(cover[y * w + x], Math.min(1, Math.max(0, r + 0.5 - d)));
      }
    }
  }
  paint(img, cover, rgb);
}

function dots(img: Float32Array, w: number, h: number, rng: Rng, count: number) {
  for (let i = 0; i < count; i++) {
    const x = rng.int(w);
    const y = rng.int(h);
    const v = rng.uniform(0, 255);
    for (let c = 0; c < 3; c++) img[(y * w + x) * 3 + c] = v;
  }
}

/** Sine displacement of the whole image (bilinear), so strokes bend as in real captchas. */
function warp(img: Float32Array, w: number, h: number, rng: Rng, amplitude: number): Float32Array {
  if (amplitude <= 0) return img;
  const [fx, fy] = [rng.uniform(0.5, 2) / w, rng.uniform(0.5, 1.5) / h];
  const [px, py] = [rng.uniform(0, 2 * Math.PI), rng.uniform(0, 2 * Math.PI)];
  const out = new Float32Array(img.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const sx = Math.min(w - 1, Math.max(0, x + amplitude * Math.sin(2 * Math.PI * fy * y + py)));
      const sy = Math.min(h - 1, Math.max(0, y + amplitude * Math.sin(2 * Math.PI * fx * x + px)));
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const x1 = Math.min(w - 1, x0 + 1);
      const y1 = Math.min(h - 1, y0 + 1);
      const [ax, ay] = [sx - x0, sy - y0];
      for (let c = 0; c < 3; c++) {
        const v = (yy: number, xx: number) => img[(yy * w + xx) * 3 + c];
        out[(y * w + x) * 3 + c] =
          (v(y0, x0) * (1 - ax) + v(y0, x1) * ax) * (1 - ay) +
          (v(y1, x0) * (1 - ax) + v(y1, x1) * ax) * ay;
      }
    }
  }
  return out;
}

/** Draws one captcha of `text` (RGB, 8-bit). */
export function drawCaptcha(
  text: string,
  o: {
    width?: number;
    height?: number;
    style?: Partial<CaptchaStyle>;
    fonts: opentype.Font[];
    rng: Rng;
  },
): DecodedImage {
  const w = o.width ?? 200;
  const h = o.height ?? 50;
  const st = { ...DEFAULT_CAPTCHA_STYLE, ...o.style };
  const { rng } = o;
  let img = background(rng, w, h);
  const shared = darkColour(rng);
  const same = rng.next() < st.sameColour;
  for (const g of layout(text, o.fonts, st, rng, w, h)) {
    const angle = (rng.uniform(-st.rotation, st.rotation) * Math.PI) / 180;
    const path = g.glyph.getPath(0, 0, g.size);
    // rotate about the glyph's middle (half its advance, a third of its size up)
    const [cx, cy] = [g.width * 0.5 * (g.size / g.size), -g.size * 0.33];
    const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
    const m: Affine = {
      a: cos,
      b: sin,
      c: -sin,
      d: cos,
      e: g.x + cx - cos * cx + sin * cy,
      f: g.baseline + cy - sin * cx - cos * cy,
    };
    paint(img, fillCoverage(flatten(path.commands, m), w, h), same ? shared : darkColour(rng));
  }
  const lines = Math.round(range(rng, st.lines));
  for (let i = 0; i < lines; i++)
    curve(img, w, h, rng, range(rng, st.lineWidth), same ? shared : darkColour(rng));
  dots(img, w, h, rng, Math.round((range(rng, st.dots) * w * h) / 1000));
  img = warp(img, w, h, rng, range(rng, st.warp));
  const sigma = range(rng, st.noise);
  const data = new Uint8Array(img.length);
  for (let i = 0; i < img.length; i++) {
    data[i] = Math.max(
      0,
      Math.min(255, Math.round(img[i] + (sigma > 0 ? sigma * rng.normal() : 0))),
    );
  }
  return { width: w, height: h, channels: 3, data };
}

function checkOptions(o: SynthCaptchaOptions) {
  const charset = o.charset ?? CAPTCHA_V2_CHARSET;
  checkCharset(charset);
  const length = o.length ?? 5;
  const [min, max] = Array.isArray(length) ? length : [length, length];
  const count = o.count ?? 1000;
  for (const [name, v] of [
    ['count', count],
    ['length', min],
    ['length', max],
    ['width', o.width ?? 200],
    ['height', o.height ?? 50],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) {
      throw new DlError('INVALID_ARGUMENT', `${name} must be a positive integer, got ${v}`);
    }
  }
  if (min > max) throw new DlError('INVALID_ARGUMENT', `length range [${min}, ${max}] is empty`);
  return { charset, min, max, count };
}

/**
 * Synthetic captchas drawn in-process: random texts over `charset`, glyphs from TrueType
 * fonts (rotated, overlapping, jittered, one or several dark colours) on a light gradient,
 * crossed by noise curves, sprinkled with dots, sine-warped and noised. Deterministic for a
 * seed.
 */
export function synthCaptchaDataset(o: SynthCaptchaOptions = {}): CaptchaDataset {
  const { charset, min, max, count } = checkOptions(o);
  const fonts = captchaFonts(charset, o.fonts);
  const rng = new Rng(o.seed ?? 1).fork('captcha');
  const symbols = [...charset];
  const samples = Array.from({ length: count }, () => {
    const n = min + rng.int(max - min + 1);
    const text = Array.from({ length: n }, () => pick(rng, symbols)).join('');
    return { text, image: drawCaptcha(text, { ...o, fonts, rng }) };
  });
  return captchaDataset(samples, {
    charset,
    length: min === max ? min : 'variable',
    caseRule: 'none',
    synthetic: true,
  });
}

import { DlError, Rng } from '@dl/core';
import { normalisePlateText } from '../ctc-reader/task';
import { type Homography, homography, project } from './homography';
import { jpegArtefacts } from './jpeg-artefacts';
import { ALNUM, LETTERS, PROVINCES } from './labels';
import { fontGlyphSet, type GlyphMask, type PlateGlyphSet } from './plate-glyphs';
import { layoutFor, type PlateLayout } from './plate-layout';
import {
  type PlateColour,
  type PlateColourWeights,
  type PlateLook,
  pickColour,
  sampleLook,
} from './plate-look';
import { gaussianBlur } from './raster';

/** A synthetic crop like the real ones: a tight, small, degraded RGB image of one plate. */
export interface SynthPlateCrop {
  image: { width: number; height: number; channels: 3; data: Uint8Array };
  /** The characters without the separator dot: 7 ('京A12345'), 8 on green plates. */
  text: string;
  colour: PlateColour;
  /**
   * Each character cell's bounding box in the crop's pixels, left to right: where it is, for
   * training that supervises the alignment (and for tests).
   */
  boxes: { x: number; y: number; width: number; height: number }[];
}

export interface SynthPlateCropOptions {
  /** Same seed, same crop (default 1). */
  seed?: number;
  /** The plate's text (7 characters, or 8 for a green plate); default random. */
  text?: string;
  /** The plate colour; default drawn by `colours`. Green plates get 8 characters. */
  colour?: PlateColour;
  /** Weights of the plate colours when drawn (default blue 0.7, green 0.2, yellow 0.1). */
  colours?: PlateColourWeights;
  /** Output size (default 94 × 24, the real crops' and LPRNet's). */
  width?: number;
  height?: number;
  /**
   * Character shapes: fontGlyphSet() (the default, from the installed fonts) or
   * loadCharacterCrops(folder, …) (real EasyPR character crops). Build it once and pass it
   * to every call: rendering the masks is the slow part.
   */
  glyphs?: PlateGlyphSet;
  /** Share of plates degraded at all (default 1); 0 draws clean, flat, well-lit plates. */
  realism?: number;
}

let defaultGlyphs: PlateGlyphSet | undefined;

/** The installed fonts' glyph set, rendered once per process. */
function installedGlyphs(): PlateGlyphSet {
  defaultGlyphs ??= fontGlyphSet();
  return defaultGlyphs;
}

const clamp255 = (v: number) => Math.min(255, Math.max(0, v));

/** A random plate text: digits outnumber letters in the last five as on real plates. */
export function randomPlateText(rng: Rng, characters: 7 | 8 = 7): string {
  const any = () => (rng.next() < 0.3 ? LETTERS[rng.int(LETTERS.length)] : String(rng.int(10)));
  const head = PROVINCES[rng.int(PROVINCES.length)] + LETTERS[rng.int(LETTERS.length)];
  if (characters === 7) return head + Array.from({ length: 5 }, any).join('');
  // New-energy plates: D/F (electric/hybrid) then a letter or digit and four digits (small
  // cars), or five digits then D/F (large vehicles).
  const df = rng.next() < 0.5 ? 'D' : 'F';
  const digits = (n: number) => Array.from({ length: n }, () => String(rng.int(10))).join('');
  return rng.next() < 0.8
    ? head + df + ALNUM[rng.int(ALNUM.length)] + digits(4)
    : head + digits(5) + df;
}

/** One realistic synthetic plate crop (default 94 × 24 RGB). */
export function synthPlateCrop(options: SynthPlateCropOptions = {}): SynthPlateCrop {
  const rng = new Rng(options.seed ?? 1).fork('plate-crop');
  const given = options.text === undefined ? undefined : normalisePlateText(options.text);
  const colour =
    options.colour ??
    (given
      ? [...given].length === 8
        ? 'green'
        : pickColour(rng, { ...options.colours, green: 0 })
      : pickColour(rng, options.colours));
  const characters = colour === 'green' ? 8 : 7;
  const text = given ?? randomPlateText(rng, characters);
  if ([...text].length !== characters) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `${colour} plates have ${characters} characters; got ${JSON.stringify(text)}`,
    );
  }
  const width = options.width ?? 94;
  const height = options.height ?? 24;
  const glyphs = options.glyphs ?? installedGlyphs();
  const layout = layoutFor(characters);
  const look = sampleLook(rng, [...text], colour, glyphs, layout.width / layout.height);
  if (rng.next() >= (options.realism ?? 1)) tame(look, rng);
  const image = renderCrop(look, layout, width, height, rng);
  return { image, text, colour, boxes: cellBoxes(look, layout, width, height) };
}

/** `count` crops with random texts, deterministic per seed. */
export function synthPlateCrops(
  options: Omit<SynthPlateCropOptions, 'text' | 'seed'> & { count: number; seed?: number },
): SynthPlateCrop[] {
  const { count, seed = 1 } = options;
  if (!Number.isInteger(count) || count < 0) {
    throw new DlError('INVALID_ARGUMENT', `count must be a non-negative integer, got ${count}`);
  }
  const glyphs = options.glyphs ?? installedGlyphs();
  const root = new Rng(seed).fork('plate-crops');
  return Array.from({ length: count }, () =>
    synthPlateCrop({ ...options, glyphs, seed: root.nextUint32() }),
  );
}

/**
 * A clean plate: flat, evenly lit, nearly sharp, cropped tight as a plate detector's box
 * (real crops often cut into the plate's margin, so its characters fill ~70% of the height).
 */
function tame(look: PlateLook, rng: Rng): void {
  const mx = -0.02 + 0.05 * rng.next();
  const my = -0.08 + 0.14 * rng.next();
  look.corners = [
    [mx, my],
    [1 - mx, my],
    [1 - mx, 1 - my],
    [mx, 1 - my],
  ];
  look.frame = null;
  look.light = {
    ...look.light,
    gain: 1,
    gamma: 1,
    channel: [1, 1, 1],
    gradient: [0, 0],
    shadow: null,
    dirt: null,
  };
  // A camera's slight softness and light compression, not a degradation.
  const blur = 0.6 * rng.next();
  const jpeg = rng.next() < 0.5 ? 60 + 35 * rng.next() : 0;
  look.degrade = { renderScale: 1, blur, motion: 0, noise: 0, jpeg };
}

/** The character cells' boxes in the output crop (the look's corners are in 0–1 of it). */
function cellBoxes(look: PlateLook, layout: PlateLayout, width: number, height: number) {
  const toCrop = homography(
    [
      [0, 0],
      [layout.width, 0],
      [layout.width, layout.height],
      [0, layout.height],
    ],
    look.corners.map(([x, y]) => [x * width, y * height]),
  );
  return look.glyphs.map((g, i) => {
    const x0 = layout.cellX[i] + g.dx;
    const y0 = layout.cellTop + g.dy;
    const pts = [
      project(toCrop, x0, y0),
      project(toCrop, x0 + layout.cellWidth, y0),
      project(toCrop, x0 + layout.cellWidth, y0 + layout.cellHeight),
      project(toCrop, x0, y0 + layout.cellHeight),
    ];
    const xs = pts.map((p) => p[0]);
    const ys = pts.map((p) => p[1]);
    const x = Math.min(...xs);
    const y = Math.min(...ys);
    return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
  });
}

/** Bilinear sample of a mask, zero outside. */
function sampleMask(m: GlyphMask, x: number, y: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  if (x0 < -1 || y0 < -1 || x0 >= m.width || y0 >= m.height) return 0;
  const fx = x - x0;
  const fy = y - y0;
  const at = (xx: number, yy: number) =>
    xx < 0 || yy < 0 || xx >= m.width || yy >= m.height ? 0 : m.data[yy * m.width + xx];
  return (
    (at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx) * (1 - fy) +
    (at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx) * fy
  );
}

/** Signed distance to a rounded rectangle (negative inside). */
function roundRect(x: number, y: number, w: number, h: number, inset: number, r: number): number {
  const qx = Math.abs(x - w / 2) - (w / 2 - inset - r);
  const qy = Math.abs(y - h / 2) - (h / 2 - inset - r);
  return Math.sqrt(Math.max(qx, 0) ** 2 + Math.max(qy, 0) ** 2) + Math.min(Math.max(qx, qy), 0) - r;
}

/** Ink coverage (characters, dot, border) at a point of the plate, in mm. */
function inkAt(look: PlateLook, layout: PlateLayout, u: number, v: number): number {
  let ink = 0;
  const { cellWidth: cw, cellHeight: ch } = layout;
  for (let i = 0; i < look.glyphs.length; i++) {
    const g = look.glyphs[i];
    const cx = layout.cellX[i] + cw / 2 + g.dx;
    const cy = layout.cellTop + ch / 2 + g.dy;
    const halfW = g.mask.fill === 'square' ? ch / 2 : cw / 2;
    const lx = (u - cx) / g.scale;
    if (lx < -halfW || lx > halfW) continue;
    const ly = (v - cy) / g.scale;
    if (ly < -ch / 2 || ly > ch / 2) continue;
    const m = sampleMask(
      g.mask,
      (lx / (2 * halfW) + 0.5) * g.mask.width - 0.5,
      (ly / ch + 0.5) * g.mask.height - 0.5,
    );
    const c = (m - look.strokeThreshold) / 0.3 + 0.5;
    if (c > ink) ink = c;
  }
  const dotR = 4.5;
  const dd = Math.sqrt((u - layout.dot.x) ** 2 + (v - layout.dot.y) ** 2) - dotR;
  if (dd < 0.5) ink = Math.max(ink, 0.5 - dd);
  if (look.border.width > 0) {
    const d = roundRect(u, v, layout.width, layout.height, look.border.inset, look.cornerRadius);
    ink = Math.max(ink, look.border.width / 2 + 0.5 - Math.abs(d));
  }
  return Math.min(1, Math.max(0, ink));
}

const lerp = (a: number, b: number, t: number) => a + (b - a) * t;

/** The colour seen at plate point (u, v) mm, crop point (x, y) in 0–1. */
function shade(
  look: PlateLook,
  layout: PlateLayout,
  u: number,
  v: number,
  x: number,
  y: number,
  out: number[],
): void {
  const { width: W, height: H } = layout;
  const edge = roundRect(u, v, W, H, 0, look.cornerRadius);
  const frame = look.frame;
  if (edge > 0 || (frame && edge > -frame.overlap)) {
    if (frame && edge < frame.width) {
      for (let c = 0; c < 3; c++) out[c] = frame.colour[c];
      return;
    }
    // The surroundings: a colour with smooth variation (bilinear over a coarse grid).
    const b = look.background;
    const fx = Math.min(b.gridW - 1.001, Math.max(0, x * (b.gridW - 1)));
    const fy = Math.min(b.gridH - 1.001, Math.max(0, y * (b.gridH - 1)));
    const gx = Math.floor(fx);
    const gy = Math.floor(fy);
    const tx = fx - gx;
    const ty = fy - gy;
    const at = (i: number, j: number, c: number) => b.grid[((gy + j) * b.gridW + gx + i) * 3 + c];
    for (let c = 0; c < 3; c++) {
      const top = lerp(at(0, 0, c), at(1, 0, c), tx);
      const bottom = lerp(at(0, 1, c), at(1, 1, c), tx);
      out[c] = b.base[c] + lerp(top, bottom, ty);
    }
    return;
  }
  const t = Math.min(1, Math.max(0, v / H));
  if (look.rivets) {
    const r = look.rivets;
    for (const ry of r.y) {
      for (const rx of [W * 0.25, W * 0.75]) {
        const d = Math.sqrt((u - rx) ** 2 + (v - ry) ** 2);
        if (d < r.radius) {
          // A domed head: lit above its centre, a dark rim round it.
          const k = d > r.radius * 0.75 ? 0.45 : 1.1 - (0.3 * (v - ry)) / r.radius;
          for (let c = 0; c < 3; c++) out[c] = r.colour[c] * k;
          return;
        }
      }
    }
  }
  const ink = inkAt(look, layout, u, v);
  for (let c = 0; c < 3; c++) {
    const plate = lerp(look.plateTop[c], look.plateBottom[c], t);
    out[c] = lerp(plate, look.ink[c], ink);
  }
  const dirt = look.light.dirt;
  if (dirt) {
    const gx = Math.min(11, Math.max(0, Math.floor((u / W) * 12)));
    const gy = Math.min(3, Math.max(0, Math.floor((v / H) * 4)));
    const k = dirt.amount * Math.max(0, dirt.grid[gy * 12 + gx] - 0.4) * 1.6;
    for (let c = 0; c < 3; c++) out[c] = lerp(out[c], dirt.colour[c], k);
  }
}

/** Light falling on crop point (x, y) in 0–1: gain, gradient, a cast shadow. */
function lightAt(look: PlateLook, x: number, y: number): number {
  const l = look.light;
  let k = l.gain * (1 + l.gradient[0] * (x - 0.5) + l.gradient[1] * (y - 0.5));
  const s = l.shadow;
  if (s) {
    const d = (x - 0.5) * s.nx + (y - 0.5) * s.ny - s.at;
    const inShadow = Math.min(1, Math.max(0, 0.5 - d / s.soft));
    k *= lerp(1, s.factor, inShadow);
  }
  return k;
}

function renderCrop(look: PlateLook, layout: PlateLayout, width: number, height: number, rng: Rng) {
  const d = look.degrade;
  const rw = Math.max(8, Math.round(width * d.renderScale));
  const rh = Math.max(4, Math.round(height * d.renderScale));
  const toPlate: Homography = homography(
    look.corners.map(([x, y]) => [x * rw, y * rh]),
    [
      [0, 0],
      [layout.width, 0],
      [layout.width, layout.height],
      [0, layout.height],
    ],
  );
  let rgb = sampleScene(look, layout, toPlate, rw, rh);
  for (let c = 0; c < 3; c++) gaussianBlur(rgb, rw, rh, d.blur * d.renderScale, 3, c);
  if (d.motion > 0) motionBlur(rgb, rw, rh, Math.max(1, Math.round(d.motion * d.renderScale)));
  addNoise(rgb, d.noise, rng);
  if (rw !== width || rh !== height) rgb = resizeBilinear(rgb, rw, rh, width, height);
  if (d.jpeg > 0) jpegArtefacts(rgb, width, height, d.jpeg);
  const data = new Uint8Array(rgb.length);
  for (let i = 0; i < rgb.length; i++) data[i] = Math.round(clamp255(rgb[i]));
  return { width, height, channels: 3 as const, data };
}

/** The scene, 2 × 2 supersampled, lit and gamma-corrected, as RGB in 0–255. */
function sampleScene(
  look: PlateLook,
  layout: PlateLayout,
  h: Homography,
  w: number,
  hgt: number,
): Float32Array {
  const rgb = new Float32Array(w * hgt * 3);
  const colour = [0, 0, 0];
  const l = look.light;
  const ss = 2;
  for (let py = 0; py < hgt; py++) {
    for (let px = 0; px < w; px++) {
      const k = (py * w + px) * 3;
      for (let j = 0; j < ss; j++) {
        for (let i = 0; i < ss; i++) {
          const x = px + (i + 0.5) / ss;
          const y = py + (j + 0.5) / ss;
          const q = 1 / (h[6] * x + h[7] * y + h[8]);
          const u = (h[0] * x + h[1] * y + h[2]) * q;
          const v = (h[3] * x + h[4] * y + h[5]) * q;
          shade(look, layout, u, v, x / w, y / hgt, colour);
          const light = lightAt(look, x / w, y / hgt);
          for (let c = 0; c < 3; c++) rgb[k + c] += colour[c] * light * l.channel[c];
        }
      }
      for (let c = 0; c < 3; c++) {
        const v = clamp255(rgb[k + c] / (ss * ss)) / 255;
        rgb[k + c] = 255 * v ** l.gamma;
      }
    }
  }
  return rgb;
}

function motionBlur(rgb: Float32Array, w: number, h: number, length: number): void {
  const line = new Float32Array(w * 3);
  for (let y = 0; y < h; y++) {
    const row = y * w * 3;
    line.set(rgb.subarray(row, row + w * 3));
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < 3; c++) {
        let s = 0;
        for (let k = 0; k <= length; k++) s += line[Math.min(w - 1, x + k) * 3 + c];
        rgb[row + x * 3 + c] = s / (length + 1);
      }
    }
  }
}

/** Standard normal values, drawn once: a normal draw per sample would dominate the cost. */
const NORMALS = (() => {
  const rng = new Rng(7).fork('normals');
  return Float32Array.from({ length: 8192 }, () => rng.normal(0, 1));
})();

/** Sensor noise, mostly luminance, a little per channel. */
function addNoise(rgb: Float32Array, sigma: number, rng: Rng): void {
  if (sigma <= 0) return;
  for (let i = 0; i < rgb.length; i += 3) {
    const n = sigma * NORMALS[rng.nextUint32() & 8191];
    for (let c = 0; c < 3; c++) rgb[i + c] += n + 0.3 * sigma * NORMALS[rng.nextUint32() & 8191];
  }
}

/** Bilinear resize of interleaved RGB (pixel centres aligned). */
export function resizeBilinear(
  src: Float32Array,
  sw: number,
  sh: number,
  dw: number,
  dh: number,
): Float32Array {
  const out = new Float32Array(dw * dh * 3);
  for (let y = 0; y < dh; y++) {
    const fy = Math.min(sh - 1, Math.max(0, ((y + 0.5) * sh) / dh - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(sh - 1, y0 + 1);
    const ty = fy - y0;
    for (let x = 0; x < dw; x++) {
      const fx = Math.min(sw - 1, Math.max(0, ((x + 0.5) * sw) / dw - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(sw - 1, x0 + 1);
      const tx = fx - x0;
      for (let c = 0; c < 3; c++) {
        const a = src[(y0 * sw + x0) * 3 + c] * (1 - tx) + src[(y0 * sw + x1) * 3 + c] * tx;
        const b = src[(y1 * sw + x0) * 3 + c] * (1 - tx) + src[(y1 * sw + x1) * 3 + c] * tx;
        out[(y * dw + x) * 3 + c] = a * (1 - ty) + b * ty;
      }
    }
  }
  return out;
}

import { DlError, Rng } from '@dl/core';
import type { Font } from './font';
import { findFonts } from './fonts';
import { PLATE_ONE_FONT, plateLike } from './glyph';
import { ALNUM, LETTERS, PROVINCES } from './labels';
import { type Affine, gaussianBlur, rasterize } from './raster';

/** Size of a synthetic plate image: the standard blue plate is 440×140 mm, drawn 1 px per mm. */
export const PLATE_WIDTH = 440;
export const PLATE_HEIGHT = 140;

/** An axis-aligned box in image pixels. */
export interface PlateBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface SynthPlate {
  image: { width: number; height: number; channels: 3; data: Uint8Array };
  /** The seven characters, without the separator dot, e.g. '京A12345'. */
  text: string;
  /**
   * The seven character cells (45×90 mm on the plate) after the plate's tilt and perspective,
   * as bounding boxes in image pixels, left to right.
   */
  boxes: PlateBox[];
}

export interface SynthPlateOptions {
  /** Same seed, same plate (default 1). */
  seed?: number;
  /** The plate's characters: province, letter, five digits/letters; a dot after the 2nd is allowed. */
  text?: string;
  /** Tilt, perspective, blur, noise and lighting (default true); false draws the plate flat. */
  augment?: boolean;
  /** Font files to use instead of the standard locations (Latin and CJK fonts together). */
  fonts?: readonly string[];
}

/**
 * Standard layout of a small-car blue plate (GA 36): seven 45×90 mm characters on a
 * 440×140 mm plate, 12 mm apart, except a 34 mm gap holding a 10 mm dot between the 2nd and 3rd.
 */
const CELL_W = 45;
const CELL_H = 90;
const GAP = 12;
const DOT_GAP = 34;
const CELL_TOP = (PLATE_HEIGHT - CELL_H) / 2;
const LEFT = (PLATE_WIDTH - (7 * CELL_W + 5 * GAP + DOT_GAP)) / 2;
const CELL_X: number[] = [0, 1, 2, 3, 4, 5, 6].map(
  (i) => LEFT + i * (CELL_W + GAP) + (i >= 2 ? DOT_GAP - GAP : 0),
);
const DOT_X = CELL_X[1] + CELL_W + DOT_GAP / 2;
const DOT_Y = PLATE_HEIGHT / 2;

/** Checks and normalises a plate text: 7 characters from the three label sets. */
export function parsePlateText(text: string): string {
  const chars = [...text.replace(/[·.•\s-]/g, '')];
  const ok =
    chars.length === 7 &&
    PROVINCES.includes(chars[0]) &&
    LETTERS.includes(chars[1]) &&
    chars.slice(2).every((c) => ALNUM.includes(c));
  if (!ok) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `plate text must be a province character, a letter (no I/O) and five digits or letters, e.g. '京A12345'; got ${JSON.stringify(text)}`,
    );
  }
  return chars.join('');
}

function randomText(rng: Rng): string {
  let t = PROVINCES[rng.int(PROVINCES.length)] + LETTERS[rng.int(LETTERS.length)];
  for (let i = 0; i < 5; i++) t += ALNUM[rng.int(ALNUM.length)];
  return t;
}

interface PlateFonts {
  cjk: Font[];
  latin: Font[];
}

function plateFonts(paths?: readonly string[]): PlateFonts {
  const pick = (script: 'cjk' | 'latin', probe: string) => {
    const fonts = findFonts(script, paths).filter((f) => f.has(probe));
    if (fonts.length === 0) {
      throw new DlError(
        'FILE_NOT_FOUND',
        `none of the fonts ${paths?.join(', ')} has ${script === 'cjk' ? 'Chinese characters' : 'Latin letters'}; ` +
          `install \`apt-get install ${script === 'cjk' ? 'fonts-wqy-microhei' : 'fonts-dejavu-core'}\` or pass such a font in \`fonts\``,
      );
    }
    return fonts;
  };
  return { cjk: pick('cjk', '京'), latin: pick('latin', 'A') };
}

/** One synthetic Chinese blue plate (white characters, white border), 440×140 RGB. */
export function synthPlate(options: SynthPlateOptions = {}): SynthPlate {
  const seed = options.seed ?? 1;
  const text = options.text === undefined ? undefined : parsePlateText(options.text);
  return drawPlate(
    new Rng(seed).fork('plate'),
    plateFonts(options.fonts),
    text,
    options.augment ?? true,
  );
}

/** `count` synthetic plates with random texts, deterministic per seed. */
export function synthPlates(options: {
  count: number;
  seed?: number;
  augment?: boolean;
  fonts?: readonly string[];
}): SynthPlate[] {
  const { count, seed = 1 } = options;
  if (!Number.isInteger(count) || count < 0) {
    throw new DlError('INVALID_ARGUMENT', `count must be a non-negative integer, got ${count}`);
  }
  const fonts = plateFonts(options.fonts);
  const root = new Rng(seed).fork('plates');
  const out: SynthPlate[] = [];
  for (let i = 0; i < count; i++)
    out.push(drawPlate(root.fork(i), fonts, undefined, options.augment ?? true));
  return out;
}

function uniform(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * rng.next();
}

/** Signed distance to a rounded rectangle (negative inside). */
function roundRectDistance(
  x: number,
  y: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  r: number,
): number {
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const qx = Math.abs(x - cx) - ((x1 - x0) / 2 - r);
  const qy = Math.abs(y - cy) - ((y1 - y0) / 2 - r);
  const ox = Math.max(qx, 0);
  const oy = Math.max(qy, 0);
  return Math.hypot(ox, oy) + Math.min(Math.max(qx, qy), 0) - r;
}

function drawPlate(
  rng: Rng,
  fonts: PlateFonts,
  fixedText: string | undefined,
  augment: boolean,
): SynthPlate {
  const text = fixedText ?? randomText(rng.fork('text'));
  const chars = [...text];
  const W = PLATE_WIDTH;
  const H = PLATE_HEIGHT;
  const jit = (lo: number, hi: number, neutral: number) =>
    augment ? uniform(rng, lo, hi) : neutral;

  // 1. Whiteness on the flat plate (1 px per mm): border, characters, dot.
  const white = new Float32Array(W * H);
  const inside = new Float32Array(W * H);
  const inset = jit(3, 6, 4.5);
  const borderW = jit(1.8, 3.2, 2.5);
  const radius = jit(5, 10, 8);
  // Only a band along the edges needs the distances: inside it the plate is plain blue.
  inside.fill(1);
  const band = Math.ceil(inset + radius + borderW + 3);
  for (let y = 0; y < H; y++) {
    const edgeRow = y < band || y >= H - band;
    for (let x = 0; x < W; x++) {
      if (!edgeRow && x === band) x = W - band;
      const px = x + 0.5;
      const py = y + 0.5;
      const dOuter = roundRectDistance(px, py, 0, 0, W, H, radius + inset / 2);
      inside[y * W + x] = Math.min(1, Math.max(0, 0.5 - dOuter));
      const d = roundRectDistance(px, py, inset, inset, W - inset, H - inset, radius);
      white[y * W + x] = Math.min(1, Math.max(0, borderW / 2 + 0.5 - Math.abs(d)));
    }
  }
  const dotR = jit(4, 5.5, 5);
  for (let y = Math.floor(DOT_Y - dotR - 1); y <= DOT_Y + dotR + 1; y++) {
    for (let x = Math.floor(DOT_X - dotR - 1); x <= DOT_X + dotR + 1; x++) {
      const c = Math.min(1, Math.max(0, dotR + 0.5 - Math.hypot(x + 0.5 - DOT_X, y + 0.5 - DOT_Y)));
      white[y * W + x] = Math.max(white[y * W + x], c);
    }
  }
  // One Latin font per plate, as on a real plate; the plate-style '1' half of the time.
  const latin = augment ? fonts.latin[rng.int(fonts.latin.length)] : fonts.latin[0];
  const cjk = augment ? fonts.cjk[rng.int(fonts.cjk.length)] : fonts.cjk[0];
  const plateOne = augment ? rng.next() < 0.5 : true;
  for (let i = 0; i < 7; i++) {
    const ch = chars[i];
    const font =
      i === 0
        ? cjk
        : ch === '1' && plateOne
          ? PLATE_ONE_FONT
          : plateLike(latin, ch)
            ? latin
            : (fonts.latin.find((f) => plateLike(f, ch)) ?? latin);
    const outline = font.outline(ch);
    if (!outline) {
      throw new DlError('DATA_INVALID', `no font has a glyph for '${ch}'`, { path: font.path });
    }
    const gw = outline.xMax - outline.xMin;
    const gh = outline.yMax - outline.yMin;
    const inkH = CELL_H * jit(0.93, 1, 0.97);
    const sy = inkH / gh;
    const sx = Math.min(sy, (CELL_W * jit(0.9, 1, 0.96)) / gw);
    // Cells are drawn into their own small canvas with a margin, then maxed into the plate.
    const margin = 6;
    const cw = CELL_W + 2 * margin;
    const chh = CELL_H + 2 * margin;
    const m: Affine = {
      a: sx,
      b: 0,
      c: 0,
      d: -sy,
      e: cw / 2 + jit(-1.5, 1.5, 0) - sx * ((outline.xMin + outline.xMax) / 2),
      f: chh / 2 + jit(-1.5, 1.5, 0) + sy * ((outline.yMin + outline.yMax) / 2),
    };
    // Plate characters are heavy: thicken (more for the CJK font's thin strokes).
    const grow = i === 0 ? jit(1, 2.5, 1.75) : jit(0, 2, 1);
    const cov = rasterize(outline.contours, m, cw, chh, { supersample: 2, grow });
    const ox = Math.round(CELL_X[i]) - margin;
    const oy = Math.round(CELL_TOP) - margin;
    for (let y = 0; y < chh; y++) {
      const py = oy + y;
      if (py < 0 || py >= H) continue;
      for (let x = 0; x < cw; x++) {
        const px = ox + x;
        if (px < 0 || px >= W) continue;
        const k = py * W + px;
        if (cov[y * cw + x] > white[k]) white[k] = cov[y * cw + x];
      }
    }
  }

  // 2. Where the plate lands in the image: shrink, tilt ±3°, perspective by corner jitter.
  const scale = jit(0.9, 0.98, 0.95);
  const theta = (jit(-3, 3, 0) * Math.PI) / 180;
  const corners: [number, number][] = [
    [0, 0],
    [W, 0],
    [W, H],
    [0, H],
  ];
  const persp = augment ? 5 : 0;
  const dst = corners.map(([x, y]) => {
    const dx = (x - W / 2) * scale;
    const dy = (y - H / 2) * scale;
    return [
      W / 2 +
        dx * Math.cos(theta) -
        dy * Math.sin(theta) +
        uniform(rng, -persp, persp) +
        jit(-4, 4, 0),
      H / 2 + dx * Math.sin(theta) + dy * Math.cos(theta) + uniform(rng, -persp, persp) * 0.5,
    ] as [number, number];
  });
  const toImage = homography(corners, dst);
  const toPlate = homography(dst, corners);

  // 3. Colours, sampled through the inverse map.
  const blue = [uniform(rng, 0, 30), uniform(rng, 45, 80), uniform(rng, 140, 185)];
  const ink = [uniform(rng, 225, 255), uniform(rng, 225, 255), uniform(rng, 225, 255)];
  const around = [uniform(rng, 20, 200), uniform(rng, 20, 200), uniform(rng, 20, 200)];
  const shade = jit(-0.15, 0.15, 0); // top-to-bottom lighting gradient
  const rgb = new Float32Array(W * H * 3);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const h = toPlate;
      const q = 1 / (h[6] * (x + 0.5) + h[7] * (y + 0.5) + h[8]);
      const u = (h[0] * (x + 0.5) + h[1] * (y + 0.5) + h[2]) * q;
      const v = (h[3] * (x + 0.5) + h[4] * (y + 0.5) + h[5]) * q;
      const p = bilinear(inside, W, H, u - 0.5, v - 0.5);
      const w = bilinear(white, W, H, u - 0.5, v - 0.5);
      const light = 1 + shade * (v / H - 0.5) * 2;
      const k = (y * W + x) * 3;
      for (let c = 0; c < 3; c++) {
        const plate = (blue[c] * (1 - w) + ink[c] * w) * light;
        rgb[k + c] = around[c] * (1 - p) + plate * p;
      }
    }
  }
  if (augment) {
    const sigma = uniform(rng, 0, 1.3);
    for (let c = 0; c < 3; c++) gaussianBlur(rgb, W, H, sigma, 3, c);
  }
  const gain = jit(0.7, 1.2, 1);
  const offset = jit(-20, 20, 0);
  const noise = jit(0, 8, 0);
  // Sensor noise, mostly luminance: one draw per pixel from a table of normal values (a
  // normal draw per sample would dominate the plate's cost).
  const table = new Float32Array(4096);
  for (let i = 0; i < table.length; i++) table[i] = noise > 0 ? rng.normal(0, noise) : 0;
  const data = new Uint8Array(W * H * 3);
  for (let i = 0; i < W * H; i++) {
    const n = noise > 0 ? table[rng.nextUint32() & 4095] : 0;
    for (let c = 0; c < 3; c++) {
      const v = rgb[i * 3 + c] * gain + offset + n;
      data[i * 3 + c] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
    }
  }

  const boxes = CELL_X.map((x0) => {
    const pts = [
      apply(toImage, x0, CELL_TOP),
      apply(toImage, x0 + CELL_W, CELL_TOP),
      apply(toImage, x0 + CELL_W, CELL_TOP + CELL_H),
      apply(toImage, x0, CELL_TOP + CELL_H),
    ];
    const xs = pts.map((p) => p[0]);
    const ys = pts.map((p) => p[1]);
    const bx = Math.max(0, Math.min(...xs));
    const by = Math.max(0, Math.min(...ys));
    return {
      x: bx,
      y: by,
      width: Math.min(W, Math.max(...xs)) - bx,
      height: Math.min(H, Math.max(...ys)) - by,
    };
  });
  return { image: { width: W, height: H, channels: 3, data }, text, boxes };
}

type Mat3 = number[];

/** The projective map taking the four `src` points to the four `dst` points. */
function homography(src: [number, number][], dst: [number, number][]): Mat3 {
  // Solve the 8×8 system for h0…h7 (h8 = 1) by Gaussian elimination with pivoting.
  const A: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = src[i];
    const [u, v] = dst[i];
    A.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
    A.push([0, 0, 0, x, y, 1, -v * x, -v * y, v]);
  }
  for (let col = 0; col < 8; col++) {
    let pivot = col;
    for (let r = col + 1; r < 8; r++) if (Math.abs(A[r][col]) > Math.abs(A[pivot][col])) pivot = r;
    [A[col], A[pivot]] = [A[pivot], A[col]];
    for (let r = 0; r < 8; r++) {
      if (r === col) continue;
      const f = A[r][col] / A[col][col];
      for (let c = col; c < 9; c++) A[r][c] -= f * A[col][c];
    }
  }
  const h = A.map((row, i) => row[8] / row[i]);
  return [...h, 1];
}

function apply(h: Mat3, x: number, y: number): [number, number] {
  const w = h[6] * x + h[7] * y + h[8];
  return [(h[0] * x + h[1] * y + h[2]) / w, (h[3] * x + h[4] * y + h[5]) / w];
}

/** Bilinear sample with zero outside the canvas. */
function bilinear(img: Float32Array, W: number, H: number, x: number, y: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  const at = (xx: number, yy: number) =>
    xx < 0 || yy < 0 || xx >= W || yy >= H ? 0 : img[yy * W + xx];
  return (
    (at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx) * (1 - fy) +
    (at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx) * fy
  );
}

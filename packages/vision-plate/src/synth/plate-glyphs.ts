import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DlError, readImage } from '@dl/core';
import type { Font } from './font';
import { findFonts } from './fonts';
import { PLATE_ONE_FONT, plateLike } from './glyph';
import { ALNUM, PROVINCE_CODES, PROVINCES } from './labels';
import { rasterize } from './raster';

/**
 * Character shapes for the realistic plate generator: coverage masks (white ink = 1) that the
 * generator samples where a character cell lands. They come from installed fonts or from real
 * character crops (EasyPR's `chars2/` and `charsChinese/` folders: the plate font itself).
 */

export interface GlyphMask {
  width: number;
  height: number;
  data: Float32Array;
  /**
   * How the mask covers its cell: 'cell' stretches it over the cell (fonts, and EasyPR's
   * province crops, which fill their square); 'square' centres a square as tall as the cell
   * on it (EasyPR's letters and digits keep their aspect inside a square crop).
   */
  fill: 'cell' | 'square';
}

/** Masks per character; each plate draws one shape per character from its list. */
export interface PlateGlyphSet {
  /** Where the shapes came from ('fonts', or the crop folder). */
  source: string;
  /** Several shapes per character (fonts: one per font; crops: up to `perClass`). */
  masks: ReadonlyMap<string, readonly GlyphMask[]>;
  /**
   * Shapes grouped by font: a plate drawn from fonts uses one font, as a real one does. Crop
   * sets keep their fallback's fonts here, for a share of font-drawn plates.
   */
  fonts: readonly ReadonlyMap<string, GlyphMask>[];
  /** The plate-style '1' (a bar with a flag), drawn on half the font plates. */
  plateOne: GlyphMask;
  /** Whether `masks` holds real crops (else it holds the fonts' shapes). */
  crops: boolean;
}

const SYMBOLS = [...PROVINCES, ...ALNUM];

/** Mask resolution: 1 px per mm of a 45 × 90 mm cell is finer than any crop samples it. */
const MASK_W = 45;
const MASK_H = 90;

function fontMask(font: Font, char: string, cjk: boolean): GlyphMask | undefined {
  const outline = font.outline(char);
  if (!outline) return undefined;
  const gw = outline.xMax - outline.xMin;
  const gh = outline.yMax - outline.yMin;
  const sy = (MASK_H * 0.96) / gh;
  // Chinese characters are squeezed to the cell; wide letters too, while a '1' stays a bar.
  const sx = cjk ? (MASK_W * 0.98) / gw : Math.min(sy, (MASK_W * 0.96) / gw);
  const m = {
    a: sx,
    b: 0,
    c: 0,
    d: -sy,
    e: MASK_W / 2 - sx * ((outline.xMin + outline.xMax) / 2),
    f: MASK_H / 2 + sy * ((outline.yMin + outline.yMax) / 2),
  };
  // Plate characters are heavy: thicken (the CJK fonts' thin strokes more).
  const data = rasterize(outline.contours, m, MASK_W, MASK_H, {
    supersample: 2,
    grow: cjk ? 1.75 : 1,
  });
  return { width: MASK_W, height: MASK_H, data, fill: 'cell' };
}

/**
 * Glyph masks rendered from fonts: the installed CJK and Latin fonts by default (see
 * CJK_FONT_PATHS, LATIN_FONT_PATHS), or those of `paths`. Throws DlError FILE_NOT_FOUND when
 * none is there, naming the package to install.
 */
export function fontGlyphSet(paths?: readonly string[]): PlateGlyphSet {
  const cjk = findFonts('cjk', paths).filter((f) => f.has('京'));
  const latin = findFonts('latin', paths).filter((f) => f.has('A'));
  if (cjk.length === 0 || latin.length === 0) {
    throw new DlError(
      'FILE_NOT_FOUND',
      `the fonts ${paths?.join(', ')} lack ${cjk.length === 0 ? 'Chinese characters' : 'Latin letters'}; install fonts-wqy-microhei and fonts-dejavu-core or pass such fonts`,
    );
  }
  const fonts = latin.map((font, i) => {
    const set = new Map<string, GlyphMask>();
    const han = cjk[i % cjk.length];
    for (const ch of PROVINCES) {
      const mask = fontMask(han, ch, true);
      if (mask) set.set(ch, mask);
    }
    for (const ch of ALNUM) {
      const f = plateLike(font, ch) ? font : (latin.find((l) => plateLike(l, ch)) ?? font);
      const mask = fontMask(f, ch, false);
      if (mask) set.set(ch, mask);
    }
    return set;
  });
  // The plate-style '1' (a bar with a flag): one more shape for the most common digit.
  const one = fontMask(PLATE_ONE_FONT, '1', false)!;
  // A font without some character borrows it from the first font that has it.
  for (const set of fonts) {
    for (const ch of SYMBOLS) {
      if (!set.has(ch)) {
        const donor = fonts.find((f) => f.has(ch))?.get(ch);
        if (donor) set.set(ch, donor);
      }
    }
  }
  const masks = new Map<string, GlyphMask[]>();
  for (const ch of SYMBOLS) {
    const list = fonts.flatMap((f) => (f.has(ch) ? [f.get(ch)!] : []));
    if (list.length === 0) {
      throw new DlError('DATA_INVALID', `no installed font has a glyph for '${ch}'`);
    }
    masks.set(ch, list);
  }
  return { source: 'fonts', masks, fonts, plateOne: one, crops: false };
}

export interface LoadCharacterCropsOptions {
  /** Crops kept per character (default 60): more adds variety and loading time. */
  perClass?: number;
}

/** The class folders of an EasyPR character set: `chars2/<0-9,A-Z>/`, `charsChinese/zh_*`. */
function cropFolders(root: string): [string, string][] {
  const out: [string, string][] = [];
  const alnum = join(root, 'chars2');
  const han = join(root, 'charsChinese');
  if (existsSync(alnum)) {
    for (const ch of ALNUM) if (existsSync(join(alnum, ch))) out.push([ch, join(alnum, ch)]);
  }
  if (existsSync(han)) {
    for (const [code, ch] of Object.entries(PROVINCE_CODES)) {
      if (existsSync(join(han, code))) out.push([ch, join(han, code)]);
    }
  }
  return out;
}

/**
 * Glyph masks from real character crops in EasyPR's layout (`<root>/chars2/A/*.jpg`,
 * `<root>/charsChinese/zh_wan/*.jpg`: white characters on black, 20 × 20). Characters the
 * folder lacks fall back to `fallback` (e.g. fontGlyphSet()). Throws DlError FILE_NOT_FOUND
 * when the folder holds neither subfolder.
 */
export async function loadCharacterCrops(
  root: string,
  fallback: PlateGlyphSet,
  options: LoadCharacterCropsOptions = {},
): Promise<PlateGlyphSet> {
  const perClass = options.perClass ?? 60;
  const folders = cropFolders(root);
  if (folders.length === 0) {
    throw new DlError(
      'FILE_NOT_FOUND',
      'expected EasyPR character folders chars2/<0-9,A-Z>/ and/or charsChinese/zh_*/ of 20×20 crops',
      { path: root },
    );
  }
  const masks = new Map<string, GlyphMask[]>(fallback.masks as Map<string, GlyphMask[]>);
  for (const [ch, dir] of folders) {
    const files = readdirSync(dir)
      .filter((f) => /\.(jpe?g|png|bmp|pgm)$/i.test(f))
      .sort();
    // An even spread over the folder, not its first files (often one plate's neighbours).
    const step = Math.max(1, files.length / perClass);
    const picked: GlyphMask[] = [];
    for (let k = 0; k < files.length && picked.length < perClass; k += step) {
      const image = await readImage(join(dir, files[Math.floor(k)]), { channels: 1 });
      const mask = {
        width: image.width,
        height: image.height,
        data: Float32Array.from(image.data, (v) => v / 255),
      };
      // A province crop holds its character in the middle ~60% of a square; real plates
      // print it as wide as the cell, so it is cut to its ink before it is stretched there.
      if (PROVINCES.includes(ch)) picked.push({ ...trimToInk(mask), fill: 'cell' });
      else picked.push({ ...mask, fill: 'square' });
    }
    if (picked.length) masks.set(ch, picked);
  }
  return { source: root, masks, fonts: fallback.fonts, plateOne: fallback.plateOne, crops: true };
}

/**
 * The mask cut to the bounding box of its ink (coverage above one half), keeping one pixel of
 * margin; unchanged when it holds less than 3 × 3 pixels of ink (an empty or broken crop).
 */
export function trimToInk(mask: Omit<GlyphMask, 'fill'>): Omit<GlyphMask, 'fill'> {
  const { width, height, data } = mask;
  let x0 = width;
  let x1 = -1;
  let y0 = height;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (data[y * width + x] <= 0.5) continue;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    }
  }
  if (x1 - x0 < 2 || y1 - y0 < 2) return mask;
  x0 = Math.max(0, x0 - 1);
  y0 = Math.max(0, y0 - 1);
  x1 = Math.min(width - 1, x1 + 1);
  y1 = Math.min(height - 1, y1 + 1);
  const w = x1 - x0 + 1;
  const h = y1 - y0 + 1;
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++)
    out.set(data.subarray((y0 + y) * width + x0, (y0 + y) * width + x0 + w), y * w);
  return { width: w, height: h, data: out };
}

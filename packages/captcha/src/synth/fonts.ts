import { existsSync, readFileSync } from 'node:fs';
import { DlError } from '@dl/core';
import opentype from 'opentype.js';

/**
 * Fonts drawn from, when present: Debian's fonts-dejavu-core (and -extra) faces — sans, serif
 * and mono, bold and oblique, so glyph shapes vary. Pass `fonts` to use others (.ttf/.otf).
 */
export const CAPTCHA_FONT_PATHS: readonly string[] = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-BoldOblique.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSerif-BoldItalic.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed-Bold.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf',
];

const cache = new Map<string, opentype.Font>();

function loadFont(path: string): opentype.Font {
  const hit = cache.get(path);
  if (hit) return hit;
  let font: opentype.Font;
  try {
    const bytes = readFileSync(path);
    font = opentype.parse(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    );
  } catch (e) {
    throw new DlError('FILE_CORRUPT', `not a readable font (${(e as Error).message})`, {
      path,
      cause: e,
    });
  }
  cache.set(path, font);
  return font;
}

/**
 * The fonts of `paths` (default CAPTCHA_FONT_PATHS) that exist, each required to draw every
 * symbol of `charset`. Throws FILE_NOT_FOUND naming the paths and the apt package when none
 * is there, DATA_INVALID when a font lacks a symbol.
 */
export function captchaFonts(charset: string, paths?: readonly string[]): opentype.Font[] {
  const candidates = paths ?? CAPTCHA_FONT_PATHS;
  const present = candidates.filter((p) => existsSync(p));
  if (present.length === 0) {
    throw new DlError(
      'FILE_NOT_FOUND',
      `no font found to draw synthetic captchas: looked at ${candidates.join(', ')}. ` +
        'Install one (`apt-get install fonts-dejavu-core`) or pass font paths in `fonts`.',
    );
  }
  return present.map((p) => {
    const font = loadFont(p);
    const missing = [...charset].filter((c) => font.charToGlyph(c).index === 0);
    if (missing.length > 0) {
      throw new DlError('DATA_INVALID', `font has no glyph for ${missing.join(' ')}`, { path: p });
    }
    return font;
  });
}

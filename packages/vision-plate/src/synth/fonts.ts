import { existsSync } from 'node:fs';
import { DlError } from '@dl/core';
import { type Font, loadFont } from './font';

/** Which characters a font list must cover. */
export type FontScript = 'cjk' | 'latin';

/**
 * Fonts looked for on the machine, best first. Only TrueType-outline fonts (.ttf, .ttc) are
 * listed: the renderer reads glyf outlines. Debian/Ubuntu paths; pass `fonts` to use others.
 */
export const CJK_FONT_PATHS: readonly string[] = [
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
  '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf',
  '/usr/share/fonts/truetype/arphic/uming.ttc',
  '/usr/share/fonts/truetype/arphic/ukai.ttc',
];

export const LATIN_FONT_PATHS: readonly string[] = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSansNarrow-Bold.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationMono-Bold.ttf',
  '/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf',
  '/usr/share/fonts/truetype/liberation2/LiberationMono-Bold.ttf',
  // (Condensed faces add nothing: glyphs are squeezed to the plate aspect anyway.)
  // The CJK fonts carry Latin letters and digits too: a further glyph shape.
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
];

const APT_PACKAGE: Record<FontScript, string> = {
  cjk: 'fonts-wqy-microhei',
  latin: 'fonts-dejavu-core',
};

/**
 * Loads the fonts for a script: those of `paths` that exist (default: the standard Debian
 * locations), in order. Throws DlError FILE_NOT_FOUND naming the paths tried and the apt
 * package to install when none is there.
 */
export function findFonts(script: FontScript, paths?: readonly string[]): Font[] {
  const candidates = paths ?? (script === 'cjk' ? CJK_FONT_PATHS : LATIN_FONT_PATHS);
  const present = candidates.filter((p) => existsSync(p));
  if (present.length === 0) {
    const what = script === 'cjk' ? 'a CJK (Chinese) font' : 'a Latin font';
    throw new DlError(
      'FILE_NOT_FOUND',
      `no font found for synthetic ${script === 'cjk' ? 'province' : 'letter/digit'} glyphs: ` +
        `looked for ${what} at ${candidates.join(', ')}. ` +
        `Install one, e.g. \`apt-get install ${APT_PACKAGE[script]}\`, or pass font paths in \`fonts\`.`,
    );
  }
  return present.map((p) => loadFont(p));
}

import { parseColor, type Raster } from './raster';
import type { TextShape } from './scene';
import { bitmapText } from './scene';

/** What we use of a jimp BmFont (jimp's own type is not re-exported from its entry point). */
interface Glyph {
  x: number;
  y: number;
  width: number;
  height: number;
  xoffset: number;
  yoffset: number;
  xadvance: number;
  page: number;
}
interface BitmapFont {
  chars: Record<string, Glyph>;
  kernings: Record<string, Record<string, number>>;
  common: { lineHeight: number; base?: number };
  pages: { bitmap: { width: number; data: Uint8Array } }[];
}

/** The Open Sans sizes jimp ships in black; glyph alpha is used as coverage, so any colour works. */
const SIZES = [8, 10, 12, 14, 16, 32] as const;
const fonts = new Map<number, Promise<BitmapFont>>();

/** Loads (once per process) the largest shipped size not above `size`. */
function fontFor(size: number): Promise<BitmapFont> {
  const px = [...SIZES].reverse().find((s) => s <= size) ?? SIZES[0];
  let font = fonts.get(px);
  if (!font) {
    font = (async () => {
      const [{ loadFont }, paths] = await Promise.all([import('jimp'), import('jimp/fonts')]);
      const file = (paths as Record<string, string>)[`SANS_${px}_BLACK`];
      return (await loadFont(file)) as unknown as BitmapFont;
    })();
    font.catch(() => fonts.delete(px)); // a failed load may be retried
    fonts.set(px, font);
  }
  return font;
}

/**
 * Draws a scene text with jimp's bitmap fonts, glyph by glyph: jimp's `print` cannot colour,
 * rotate or centre on a point. The fonts cover Latin-1 only, so other text is drawn as its code
 * point or the shape's fallback (bitmapText); the SVG of the same chart shows the real text.
 * Bold is not available as a bitmap font and is ignored.
 */
export async function drawText(r: Raster, t: TextShape): Promise<void> {
  const font = await fontFor(t.size);
  const text = [...bitmapText(t.text, t.fallback)];
  const glyphs = text.map((ch) => font.chars[ch] ?? font.chars['?']);
  let advance = 0;
  const origins = glyphs.map((g, i) => {
    const u = advance;
    advance +=
      (g?.xadvance ?? 0) + (i + 1 < text.length ? (font.kernings[text[i]]?.[text[i + 1]] ?? 0) : 0);
    return u;
  });
  const start = t.anchor === 'start' ? 0 : t.anchor === 'middle' ? -advance / 2 : -advance;
  // Centre the capital letters on y, as SVG's dominant-baseline="central" roughly does.
  const capTop = font.chars.X?.yoffset ?? 0;
  const mid = (capTop + (font.common.base ?? font.common.lineHeight)) / 2;
  const rgb = parseColor(t.color);
  glyphs.forEach((g, i) => {
    if (!g) return;
    const page = font.pages[g.page].bitmap;
    for (let gy = 0; gy < g.height; gy++) {
      for (let gx = 0; gx < g.width; gx++) {
        const alpha = page.data[((g.y + gy) * page.width + g.x + gx) * 4 + 3];
        if (alpha === 0) continue;
        // (u, v): along the text and across it (down), relative to the anchor point.
        const u = start + origins[i] + g.xoffset + gx;
        const v = g.yoffset + gy - mid;
        const [px, py] = t.vertical ? [t.x + v, t.y - u] : [t.x + u, t.y + v];
        r.blend(Math.round(px), Math.round(py), rgb, alpha / 255);
      }
    }
  });
}

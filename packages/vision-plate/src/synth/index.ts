/** Synthetic plate data: font-rendered character glyphs and whole blue plates. */
export { type Font, type GlyphOutline, loadFont } from './font';
export { CJK_FONT_PATHS, type FontScript, findFonts, LATIN_FONT_PATHS } from './fonts';
export {
  GLYPH_SIZE,
  type GlyphAugmentOptions,
  type GlyphStyle,
  renderGlyph,
  type SynthGlyphOptions,
  type SynthGlyphs,
  sampleGlyphStyle,
  synthGlyphs,
} from './glyph';
export { ALNUM, type GlyphKind, LETTERS, labelsOf, PROVINCE_CODES, PROVINCES } from './labels';
export {
  PLATE_HEIGHT,
  PLATE_WIDTH,
  type PlateBox,
  parsePlateText,
  type SynthPlate,
  type SynthPlateOptions,
  synthPlate,
  synthPlates,
} from './plate';
export { encodePng, glyphMosaic } from './png';

export { buildPlateSeedModel, PLATE_GLYPH_SHAPE, type PlateModelOptions } from './model';
export { type PrototypeGlyphOptions, synthPrototypeGlyphs } from './synth-prototypes';

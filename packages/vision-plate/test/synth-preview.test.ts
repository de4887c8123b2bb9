import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '@dl/core';
import { describe, expect, it } from 'vitest';
import { findFonts } from '../src/synth/fonts';
import {
  PLATE_ONE_FONT,
  plateLike,
  renderGlyph,
  sampleGlyphStyle,
  scriptOf,
  synthGlyphs,
} from '../src/synth/glyph';
import { synthPlate, synthPlates } from '../src/synth/plate';
import { encodePng, glyphMosaic } from '../src/synth/png';

/**
 * Writes preview pictures of the synthetic data for a person to look at, next to the real
 * samples. Only with DL_SYNTH_PREVIEW=1 (they land in .tmp/synth-preview/, gitignored).
 */
const dir = join(__dirname, '../../../.tmp/synth-preview');

describe.skipIf(!process.env.DL_SYNTH_PREVIEW)('synthetic data previews', () => {
  it('writes glyph mosaics', () => {
    mkdirSync(dir, { recursive: true });
    for (const kind of ['province', 'letter', 'alnum'] as const) {
      for (const augment of [false, true]) {
        const perClass = augment ? 4 : 2;
        const g = synthGlyphs({ kind, perClass, seed: 7, augment });
        // Reorder class-major so each row of the mosaic is one class.
        const classes = g.labelNames.length;
        const out = new Float32Array(g.images.length);
        for (let c = 0; c < classes; c++)
          for (let k = 0; k < perClass; k++)
            out.set(
              g.images.subarray((k * classes + c) * 400, (k * classes + c + 1) * 400),
              (c * perClass + k) * 400,
            );
        const png = encodePng(glyphMosaic(out, 20, perClass * 4, 4));
        writeFileSync(join(dir, `${kind}-${augment ? 'augmented' : 'clean'}.png`), png);
      }
    }
    expect(true).toBe(true);
  });

  it('writes synthetic glyphs in the layout of the real samples (real.png from the sample JPEGs)', () => {
    mkdirSync(dir, { recursive: true });
    const chars = [...'0007772AAKKKZZZ川川川京京京粤粤粤'.replace('2', '')];
    const rng = new Rng(11);
    const out = new Float32Array(chars.length * 400);
    chars.forEach((ch, i) => {
      const fonts = findFonts(scriptOf(ch)).filter((f) => plateLike(f, ch));
      if (ch === '1') fonts.push(PLATE_ONE_FONT);
      const style = sampleGlyphStyle(rng, scriptOf(ch));
      out.set(renderGlyph(ch, { ...style, font: fonts[rng.int(fonts.length)], seed: i }), i * 400);
    });
    writeFileSync(join(dir, 'synthetic-like-real.png'), encodePng(glyphMosaic(out, 20, 8, 4)));
  });

  it('writes plates', () => {
    mkdirSync(dir, { recursive: true });
    const plates = [
      synthPlate({ seed: 1, text: '京A12345', augment: false }),
      ...synthPlates({ count: 5, seed: 3 }),
    ];
    // Stack them vertically into one picture.
    const data = new Uint8Array(440 * 140 * 3 * plates.length);
    plates.forEach((p, i) => data.set(p.image.data, i * 440 * 140 * 3));
    writeFileSync(
      join(dir, 'plates.png'),
      encodePng({ width: 440, height: 140 * plates.length, channels: 3, data }),
    );
    expect(plates.map((p) => p.text).join(' ')).toMatch(/^京A12345/);
  });
});

import { fileURLToPath } from 'node:url';
import { transitiveImports } from '@dl/vitest-config/imports';
import { describe, expect, it } from 'vitest';

const src = (file: string) => fileURLToPath(new URL(`../src/${file}`, import.meta.url));

describe('the whole-plate reader loads no training code', () => {
  for (const entry of ['reader.ts', 'ctc-reader/predict.ts', 'ctc-reader/evaluate.ts']) {
    it(`${entry} reaches neither trainer nor the synthetic renderer`, () => {
      const reached = transitiveImports(src(entry));
      expect(reached.has(src('ctc-reader/task.ts'))).toBe(true);
      for (const file of [
        'train.ts',
        'ctc-reader/train.ts',
        'ctc-reader/train-data.ts',
        'ctc-reader/train-options.ts',
        'synth/realistic-plate.ts',
      ]) {
        expect(reached.has(src(file)), file).toBe(false);
      }
    });
  }

  it('and the CTC predictor not even the font renderer', () => {
    const reached = transitiveImports(src('ctc-reader/predict.ts'));
    expect(reached.has(src('ctc-reader/decode.ts'))).toBe(true);
    expect(reached.has(src('synth/font.ts'))).toBe(false);
    expect(reached.has(src('synth/plate-glyphs.ts'))).toBe(false);
  });
});

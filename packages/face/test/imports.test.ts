import { fileURLToPath } from 'node:url';
import { transitiveImports } from '@dl/vitest-config/imports';
import { describe, expect, it } from 'vitest';

const src = (file: string) => fileURLToPath(new URL(`../src/${file}`, import.meta.url));
const trainingFiles = ['train.ts', 'train-options.ts', 'train-data.ts', 'augment.ts'];

describe('prediction does not load the trainer', () => {
  for (const entry of ['predict.ts', 'evaluate.ts', 'recognize.ts']) {
    it(`${entry} reaches no training code`, () => {
      const reached = transitiveImports(src(entry));
      // the walk does follow imports: each reaches the task file or the image preprocessing
      expect(reached.has(src('task.ts')) || reached.has(src('images.ts'))).toBe(true);
      for (const file of trainingFiles) expect(reached.has(src(file)), file).toBe(false);
    });
  }

  it('nor the synthetic face generator', () => {
    expect(transitiveImports(src('predict.ts')).has(src('synth.ts'))).toBe(false);
  });
});

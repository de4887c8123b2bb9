import { fileURLToPath } from 'node:url';
import { transitiveImports } from '@dl/vitest-config/imports';
import { describe, expect, it } from 'vitest';

const src = (file: string) => fileURLToPath(new URL(`../src/${file}`, import.meta.url));
const trainingFiles = ['train.ts', 'train-options.ts', 'train-data.ts'];

describe('prediction does not load the trainer', () => {
  for (const entry of ['predict.ts', 'evaluate.ts']) {
    it(`${entry} reaches no training code`, () => {
      const reached = transitiveImports(src(entry));
      // The walk does follow imports: each reaches the feature pipeline and the task file.
      expect(reached.has(src('task.ts'))).toBe(true);
      expect(reached.has(src('features.ts'))).toBe(true);
      for (const file of trainingFiles) expect(reached.has(src(file)), file).toBe(false);
    });
  }

  it('nor espeak-ng synthesis', () => {
    expect(transitiveImports(src('predict.ts')).has(src('synth.ts'))).toBe(false);
  });
});

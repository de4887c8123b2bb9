import { fileURLToPath } from 'node:url';
import { transitiveImports } from '@dl/vitest-config/imports';
import { describe, expect, it } from 'vitest';

const src = (file: string) => fileURLToPath(new URL(`../src/${file}`, import.meta.url));
const trainingFiles = ['train.ts', 'train-options.ts', 'head-fit.ts', 'cv.ts', 'synth.ts'];

describe('prediction does not load the trainer', () => {
  for (const entry of ['predict.ts', 'evaluate.ts']) {
    it(`${entry} reaches no training code`, () => {
      const reached = transitiveImports(src(entry));
      // the walk does follow imports: each reaches the task file and the backbone loader
      expect(reached.has(src('task.ts'))).toBe(true);
      expect(reached.has(src('backbones/load.ts'))).toBe(true);
      for (const file of trainingFiles) expect(reached.has(src(file)), file).toBe(false);
    });
  }
});

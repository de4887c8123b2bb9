import { fileURLToPath } from 'node:url';
import { transitiveImports } from '@dl/vitest-config/imports';
import { describe, expect, it } from 'vitest';

const src = (file: string) => fileURLToPath(new URL(`../src/${file}`, import.meta.url));
const trainingFiles = [
  'train.ts',
  'train-options.ts',
  'train-ctc.ts',
  'train-seed.ts',
  'augment.ts',
];

describe('prediction does not load the trainer', () => {
  for (const entry of ['predict.ts', 'evaluate.ts', 'ensemble.ts']) {
    it(`${entry} reaches no training or synthesis code`, () => {
      const reached = transitiveImports(src(entry));
      // The walk does follow imports: each reaches the task file and the decoder.
      expect(reached.has(src('task.ts'))).toBe(true);
      expect(reached.has(src('decode.ts'))).toBe(true);
      for (const file of trainingFiles) expect(reached.has(src(file)), file).toBe(false);
      expect(reached.has(src('synth/captcha.ts'))).toBe(false);
    });
  }
});

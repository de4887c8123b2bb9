import { fileURLToPath } from 'node:url';
import { transitiveImports } from '@dl/vitest-config/imports';
import { describe, expect, it } from 'vitest';

const src = (file: string) => fileURLToPath(new URL(`../src/${file}`, import.meta.url));
const trainingFiles = ['train.ts', 'train-options.ts', 'train-data.ts', 'epoch-random.ts'];

describe('prediction does not load the trainer', () => {
  for (const entry of ['predict.ts', 'evaluate.ts', 'reader.ts']) {
    it(`${entry} reaches no training code`, () => {
      const reached = transitiveImports(src(entry));
      // The walk does follow imports: each reaches the shared task description.
      expect(reached.has(src('task.ts'))).toBe(true);
      for (const file of trainingFiles) expect(reached.has(src(file)), file).toBe(false);
    });
  }

  it('nor the glyph renderer and its fonts', () => {
    const reached = transitiveImports(src('predict.ts'));
    expect(reached.has(src('task.ts'))).toBe(true);
    expect(reached.has(src('synth/glyph.ts'))).toBe(false);
    expect(reached.has(src('synth/font.ts'))).toBe(false);
  });
});

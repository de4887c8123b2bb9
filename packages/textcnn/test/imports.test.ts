import { fileURLToPath } from 'node:url';
import { transitiveImports } from '@dl/vitest-config/imports';
import { describe, expect, it } from 'vitest';

const src = (file: string) => fileURLToPath(new URL(`../src/${file}`, import.meta.url));
const trainingFiles = [
  'train.ts',
  'train-cnn.ts',
  'train-tfidf.ts',
  'train-nbsvm.ts',
  'train-linear.ts',
  'select-c.ts',
  'nbsvm.ts',
  'linear-svm.ts',
  'lbfgs.ts',
  'train-options.ts',
  'resolve-options.ts',
  'flat-options.ts',
  'epoch-batches.ts',
  'split.ts',
  'logreg.ts',
  'embeddings.ts',
];

describe('prediction does not load the trainer', () => {
  for (const entry of ['predict.ts', 'evaluate.ts']) {
    it(`${entry} reaches no training code`, () => {
      const reached = transitiveImports(src(entry));
      // The walk does follow imports: each reaches the task file and the tokenizer.
      expect(reached.has(src('task.ts'))).toBe(true);
      expect(reached.has(src('tokenize.ts'))).toBe(true);
      for (const file of trainingFiles) expect(reached.has(src(file)), file).toBe(false);
    });
  }
});

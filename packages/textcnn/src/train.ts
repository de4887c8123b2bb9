import { Rng, withModelOutput } from '@dl/core';
import type { FlatTextCnnOptions, TrainTextOptions } from './flat-options';
import { resolveTrainOptions } from './resolve-options';
import { splitSentences } from './split';
import type { TrainTextCnnResult } from './task';
import { trainCnn } from './train-cnn';
import type { TrainTextCnnOptions } from './train-options';
import { trainTfidf } from './train-tfidf';

/**
 * Trains a sentence classifier — one of Kim's TextCNN variants, the course seed CNN, or the
 * TF-IDF + logistic-regression baseline, chosen by `architecture` — and saves it as a @dl model
 * directory with its vocabulary and preprocessing in dl.json. Scores are on the held-out test
 * sentences, with the best epoch by validation loss.
 *
 * The options are checked first, then the output is claimed (withModelOutput: a path that is
 * not ours is refused before any work), then the data are split and the model trained. The
 * deprecated flat shape (`model: 'cnn-rand'`, every field in one object) is still accepted.
 */
export async function trainTextCnn(
  options: TrainTextCnnOptions | FlatTextCnnOptions,
): Promise<TrainTextCnnResult> {
  const o = resolveTrainOptions(options);
  const resume = o.architecture !== 'tfidf' && o.resume;
  return withModelOutput(o.outDir, { resume }, async (claim) => {
    const sets = splitSentences(o, new Rng(o.seed));
    return o.architecture === 'tfidf'
      ? trainTfidf({ ...o, outDir: claim.outDir }, sets)
      : trainCnn({ ...o, outDir: claim.outDir }, sets, claim.checkpointDir);
  });
}

/** @deprecated Use trainTextCnn (with `architecture` instead of `model`); removed in the next minor. */
export const trainTextClassifier: (options: TrainTextOptions) => Promise<TrainTextCnnResult> =
  trainTextCnn;

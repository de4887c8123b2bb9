import { Rng, withModelOutput } from '@dl/core';
import type { FlatTextCnnOptions, TrainTextOptions } from './flat-options';
import { resolveTrainOptions } from './resolve-options';
import { splitSentences } from './split';
import type { TrainTextCnnResult } from './task';
import { trainCnn } from './train-cnn';
import { trainNbsvm } from './train-nbsvm';
import type { TrainTextCnnOptions } from './train-options';
import { trainTfidf } from './train-tfidf';

/**
 * Trains a sentence classifier — one of Kim's TextCNN variants, the course seed CNN, or a linear
 * baseline (TF-IDF + logistic regression, NB-SVM), chosen by `architecture` — and saves it as a
 * @dl model directory with its vocabulary and preprocessing in dl.json. Scores are on the
 * held-out test sentences; a CNN keeps its best epoch on the validation split, a baseline
 * chooses C by cross-validation on the training split.
 *
 * The options are checked first, then the output is claimed (withModelOutput: a path that is
 * not ours is refused before any work), then the data are split and the model trained. The
 * deprecated flat shape (`model: 'cnn-rand'`, every field in one object) is still accepted.
 */
export async function trainTextCnn(
  options: TrainTextCnnOptions | FlatTextCnnOptions,
): Promise<TrainTextCnnResult> {
  const o = resolveTrainOptions(options);
  const resume = 'resume' in o && o.resume;
  return withModelOutput(o.outDir, { resume }, async (claim) => {
    const sets = splitSentences(o, new Rng(o.seed));
    const outDir = claim.outDir;
    if (o.architecture === 'tfidf') return trainTfidf({ ...o, outDir }, sets);
    if (o.architecture === 'nbsvm') return trainNbsvm({ ...o, outDir }, sets);
    return trainCnn({ ...o, outDir }, sets, claim.checkpointDir);
  });
}

/** @deprecated Use trainTextCnn (with `architecture` instead of `model`); removed in the next minor. */
export const trainTextClassifier: (options: TrainTextOptions) => Promise<TrainTextCnnResult> =
  trainTextCnn;

import { Rng } from '@dl/core';
import { fitNbSvm, type IndicatorRow, type NbSvmFit, nbsvmLayer } from './nbsvm';
import { NgramIndicators } from './ngram-indicators';
import type { ResolvedNbsvmOptions } from './resolve-options';
import { crossValidateC } from './select-c';
import type { SentenceSplits } from './split';
import { NBSVM_TASK, type NbsvmPreprocessing, type TrainTextCnnResult } from './task';
import { selectTerms } from './terms';
import { tokenize } from './tokenize';
import { finishLinear, heldOutAccuracy, pick } from './train-linear';

/** The binarised n-grams of `docs`, with the terms chosen from those documents alone. */
function indicatorsOf(docs: readonly string[][], o: ResolvedNbsvmOptions) {
  const features = NgramIndicators.of(selectTerms(docs, o), o.maxNgram);
  return { features, rows: docs.map((d): IndicatorRow => features.indicators(d)) };
}

/**
 * NB-SVM (Wang & Manning 2012) on the training split: binarised n-grams, their log-count ratio
 * r (α-smoothed), a squared-hinge linear SVM on x̂ ∘ r, weights interpolated by β. C is chosen
 * by k-fold cross-validation on the training split (each fold computes its own terms and r
 * from its training part: r holds the labels), unless `c` is given.
 */
export async function trainNbsvm(
  o: ResolvedNbsvmOptions,
  sets: SentenceSplits,
): Promise<TrainTextCnnResult> {
  const classes = o.data.labelNames.length;
  const tokens = sets.train.texts.map(tokenize);
  const labels = sets.train.labels;
  const cSelection =
    o.c === undefined
      ? crossValidateC(
          labels,
          {
            grid: o.cGrid,
            betaGrid: o.betaGrid ?? undefined,
            folds: o.cvFolds,
            rng: new Rng(o.seed).fork('c-folds'),
          },
          (train, test) => {
            const { features, rows } = indicatorsOf(pick(tokens, train), o);
            const y = pick(labels, train);
            const accuracy = heldOutAccuracy(
              pick(tokens, test).map((d) => features.transform(d)),
              pick(labels, test),
            );
            let last: { c: number; fit: NbSvmFit } | undefined;
            return ({ c, beta = o.beta }) => {
              if (last?.c !== c) {
                const fit = fitNbSvm(rows, y, features.size, classes, { ...o, c, init: last?.fit });
                last = { c, fit };
              }
              const training = { rows, labels: y };
              return accuracy(nbsvmLayer(last.fit.svms, features.size, classes, beta, training));
            };
          },
        )
      : null;
  const c = cSelection?.c ?? (o.c as number);
  const beta = cSelection?.beta ?? o.beta;
  const { features, rows } = indicatorsOf(tokens, o);
  const fit = fitNbSvm(rows, labels, features.size, classes, { ...o, c, beta });
  const preprocessing: NbsvmPreprocessing = {
    tokenizer: 'kim-clean-str',
    maxNgram: o.maxNgram,
    features: 'binary',
  };
  return finishLinear({
    o,
    sets,
    fit,
    features: features.size,
    transform: (t) => features.transform(t),
    terms: features.selection!,
    cSelection,
    meta: {
      task: NBSVM_TASK,
      vocabulary: [...features.terms],
      preprocessing: { ...preprocessing },
      extra: { alpha: o.alpha, beta, loss: 'squared-hinge' },
    },
    title: 'NB-SVM',
  });
}

import { classificationReport, type DlMetaInput, saveModelDir, tf } from '@dl/core';
import pkg from '../package.json';
import type { SentenceDataset } from './data';
import { linearAccuracy, predictLinear } from './linear-scores';
import { OUTPUT_LAYER } from './model';
import type { ResolvedNbsvmOptions, ResolvedTfidfOptions } from './resolve-options';
import type { SentenceSplits } from './split';
import type { CSelection, TextMetrics, TrainTextCnnResult } from './task';
import { describeSelection, type TermSelection } from './terms';
import type { SparseRow } from './tfidf';
import { tokenize } from './tokenize';

/**
 * What the two linear baselines (TF-IDF + LR, NB-SVM) share once fitted: one Dense layer as the
 * saved tf model (so they load like the CNNs), scoring on sparse rows, dl.json, the result.
 */

/** A fitted linear baseline over sparse features, ready to score and save. */
export interface LinearFit {
  /** Row-major [features × classes]. */
  kernel: Float32Array;
  bias: Float32Array;
  /** The final fit's objective as it went (the result's history.loss). */
  loss: number[];
}

/** The baseline's fitted weights as a one-layer tf model, so it saves and loads like the CNNs. */
export function linearModel(
  name: string,
  features: number,
  classes: number,
  kernel?: Float32Array,
  bias?: Float32Array,
): tf.LayersModel {
  const model = tf.sequential({ name });
  model.add(
    tf.layers.dense({
      name: OUTPUT_LAYER,
      inputShape: [features],
      units: classes,
      activation: 'softmax',
    }),
  );
  if (kernel && bias)
    model.setWeights([tf.tensor2d(kernel, [features, classes]), tf.tensor1d(bias)]);
  return model;
}

/** The sparse rows of `texts` (tokenised as Kim). */
export const rowsOf = (texts: readonly string[], transform: (t: string[]) => SparseRow) =>
  texts.map((t) => transform(tokenize(t)));

/** The elements of `xs` at `indices`. */
export const pick = <T>(xs: ArrayLike<T>, indices: Int32Array): T[] =>
  Array.from(indices, (i) => xs[i]);

/** A scorer for crossValidateC: accuracy of `fit` on held-out rows. */
export const heldOutAccuracy =
  (rows: readonly SparseRow[], labels: ArrayLike<number>) =>
  (fit: Pick<LinearFit, 'kernel' | 'bias'>) =>
    linearAccuracy(rows, labels, fit.kernel, fit.bias);

export interface FinishLinear {
  o: ResolvedTfidfOptions | ResolvedNbsvmOptions;
  sets: SentenceSplits;
  fit: LinearFit;
  features: number;
  transform: (tokens: string[]) => SparseRow;
  terms: TermSelection;
  cSelection: CSelection | null;
  /** dl.json fields of the family: task, vocabulary, preprocessing, extra. */
  meta: Pick<DlMetaInput, 'task' | 'vocabulary' | 'preprocessing'> & {
    extra: Record<string, unknown>;
  };
  /** "TF-IDF + logistic regression" */
  title: string;
}

/** Scores the fit on the validation (if any) and test splits, saves it, and says what it did. */
export async function finishLinear(f: FinishLinear): Promise<TrainTextCnnResult> {
  const { o, sets, fit } = f;
  const labels = o.data.labelNames;
  const score = (set: SentenceDataset) =>
    classificationReport(
      set.labels,
      predictLinear(rowsOf(set.texts, f.transform), fit.kernel, fit.bias),
      {
        labels: [...labels],
      },
    );
  const validation = sets.validation.texts.length ? score(sets.validation) : null;
  const report = score(sets.test);
  const metrics: TextMetrics = {
    accuracy: report.accuracy,
    macroF1: report.macroAvg.f1,
    weightedF1: report.weightedAvg.f1,
    testSamples: sets.test.labels.length,
    ...(validation ? { validationAccuracy: validation.accuracy } : {}),
  };
  const c = f.cSelection?.c ?? o.c;
  const name = o.architecture === 'tfidf' ? 'tfidf_logreg' : 'nbsvm';
  const model = linearModel(name, f.features, labels.length, fit.kernel, fit.bias);
  try {
    await saveModelDir(model, o.outDir, {
      ...f.meta,
      package: { name: pkg.name, version: pkg.version },
      labels: [...labels],
      metrics,
      seed: o.seed,
      dataFingerprint: o.data.fingerprint,
      backend: tf.getBackend(),
      extra: {
        architecture: o.architecture,
        ...f.meta.extra,
        c,
        cSelection: f.cSelection,
        minDf: o.minDf,
        maxFeatures: o.maxFeatures,
        terms: f.terms,
        iterations: fit.loss.length - (o.architecture === 'tfidf' && o.solver === 'adam' ? 0 : 1),
        tolerance: o.tolerance,
      },
    });
  } finally {
    model.dispose();
  }
  const chosen = f.cSelection
    ? `C ${c} by ${f.cSelection.folds}-fold cross-validation (mean accuracy ${Math.max(...f.cSelection.meanAccuracy).toFixed(4)})`
    : `C ${c}`;
  return {
    artifactDir: o.outDir,
    history: { loss: fit.loss },
    metrics,
    stopReason: 'completed',
    report,
    terms: f.terms,
    ...(f.cSelection ? { cSelection: f.cSelection } : {}),
    message: `${f.title}: ${describeSelection(f.terms, o.minDf, o.maxFeatures)}, ${chosen}, final loss ${fit.loss.at(-1)?.toFixed(4)}`,
  };
}

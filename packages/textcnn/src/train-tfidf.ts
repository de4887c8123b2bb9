import { evaluateClassifier, saveModelDir, tf } from '@dl/core';
import pkg from '../package.json';
import type { SentenceDataset } from './data';
import { fitLogisticRegression } from './logreg';
import { OUTPUT_LAYER } from './model';
import type { ResolvedTfidfOptions } from './resolve-options';
import type { SentenceSplits } from './split';
import {
  type TextMetrics,
  TFIDF_TASK,
  type TfidfPreprocessing,
  type TrainTextCnnResult,
} from './task';
import { TfidfVectorizer } from './tfidf';
import { tokenize } from './tokenize';

/** The baseline's fitted weights as a one-layer tf model, so it saves and loads like the CNNs. */
export function tfidfModel(
  features: number,
  classes: number,
  weights?: Float32Array,
  bias?: Float32Array,
): tf.LayersModel {
  const model = tf.sequential({ name: 'tfidf_logreg' });
  model.add(
    tf.layers.dense({
      name: OUTPUT_LAYER,
      inputShape: [features],
      units: classes,
      activation: 'softmax',
    }),
  );
  if (weights && bias)
    model.setWeights([tf.tensor2d(weights, [features, classes]), tf.tensor1d(bias)]);
  return model;
}

/**
 * The course's spam-SMS detector as a baseline under the TextCNN API: TF-IDF (smooth idf, L2
 * rows, unigrams + bigrams by default) and multinomial logistic regression with L2, fitted on
 * the training split. Validation sentences are only scored (the fit has no epochs to select).
 */
export async function trainTfidf(
  o: ResolvedTfidfOptions,
  sets: SentenceSplits,
): Promise<TrainTextCnnResult> {
  const classes = o.data.labelNames.length;
  const vectorizer = TfidfVectorizer.fit(sets.train.texts.map(tokenize), {
    maxNgram: o.maxNgram,
    minDf: o.minDf,
    maxFeatures: o.maxFeatures,
  });
  const rows = sets.train.texts.map((t) => vectorizer.transform(tokenize(t)));
  const fit = fitLogisticRegression(rows, sets.train.labels, vectorizer.size, classes, {
    c: o.c,
    iterations: o.iterations,
    learningRate: o.learningRate,
  });
  const model = tfidfModel(vectorizer.size, classes, fit.weights, fit.bias);
  try {
    const score = async (set: SentenceDataset) => {
      const x = tf.tensor2d(vectorizer.transformDense(set.texts.map(tokenize)), [
        set.texts.length,
        vectorizer.size,
      ]);
      const report = await evaluateClassifier(
        model,
        { x, labels: set.labels },
        { labels: o.data.labelNames },
      );
      x.dispose();
      return report;
    };
    const validation = sets.validation.texts.length ? await score(sets.validation) : null;
    const report = await score(sets.test);
    const metrics: TextMetrics = {
      accuracy: report.accuracy,
      macroF1: report.macroAvg.f1,
      weightedF1: report.weightedAvg.f1,
      testSamples: sets.test.labels.length,
      ...(validation ? { validationAccuracy: validation.accuracy } : {}),
    };
    const preprocessing: TfidfPreprocessing = {
      tokenizer: 'kim-clean-str',
      maxNgram: vectorizer.maxNgram,
      idf: 'smooth',
      norm: 'l2',
    };
    await saveModelDir(model, o.outDir, {
      task: TFIDF_TASK,
      package: { name: pkg.name, version: pkg.version },
      labels: [...o.data.labelNames],
      vocabulary: [...vectorizer.terms],
      preprocessing: { ...preprocessing },
      metrics,
      seed: o.seed,
      dataFingerprint: o.data.fingerprint,
      backend: tf.getBackend(),
      extra: {
        architecture: 'tfidf',
        idf: Array.from(vectorizer.idf),
        c: o.c,
        minDf: o.minDf,
        maxFeatures: o.maxFeatures,
        iterations: fit.loss.length,
        learningRate: o.learningRate,
      },
    });
    return {
      artifactDir: o.outDir,
      history: { loss: fit.loss },
      metrics,
      stopReason: 'completed',
      report,
      message: `TF-IDF + logistic regression: ${vectorizer.size} terms, ${fit.loss.length} iterations, final loss ${fit.loss.at(-1)?.toFixed(4)}`,
    };
  } finally {
    model.dispose();
  }
}

import { evaluateClassifier, saveModelDir, tf } from '@dl/core';
import pkg from '../package.json';
import type { SentenceDataset } from './data';
import { fitLogisticRegression } from './logreg';
import { OUTPUT_LAYER } from './model';
import { TfidfVectorizer } from './tfidf';
import { tokenize } from './tokenize';
import type { TextMetrics, TrainTextOptions, TrainTextResult } from './train';

export const TFIDF_TASK_NAME = 'text-tfidf';

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
 * rows, unigrams + bigrams) and multinomial logistic regression with L2 (C = 1), fitted on the
 * training split. Validation sentences are only scored (the fit has no epochs to select).
 */
export async function trainTfidfBaseline(
  o: TrainTextOptions & { seed: number },
  sets: { train: SentenceDataset; validation: SentenceDataset; test: SentenceDataset },
): Promise<TrainTextResult> {
  const classes = o.data.labelNames.length;
  const vectorizer = TfidfVectorizer.fit(sets.train.texts.map(tokenize), {
    maxNgram: o.maxNgram ?? 2,
  });
  const rows = sets.train.texts.map((t) => vectorizer.transform(tokenize(t)));
  const fit = fitLogisticRegression(rows, sets.train.labels, vectorizer.size, classes, {
    c: o.c,
    iterations: o.iterations,
  });
  const model = tfidfModel(vectorizer.size, classes, fit.weights, fit.bias);
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
  await saveModelDir(model, o.outDir, {
    task: TFIDF_TASK_NAME,
    package: { name: pkg.name, version: pkg.version },
    labels: [...o.data.labelNames],
    vocabulary: [...vectorizer.terms],
    preprocessing: {
      tokenizer: 'kim-clean-str',
      maxNgram: vectorizer.maxNgram,
      idf: 'smooth',
      norm: 'l2',
    },
    metrics,
    seed: o.seed,
    dataFingerprint: o.data.fingerprint,
    backend: tf.getBackend(),
    extra: {
      model: 'tfidf',
      idf: Array.from(vectorizer.idf),
      c: o.c ?? 1,
      iterations: fit.loss.length,
    },
  });
  model.dispose();
  return {
    artifactDir: o.outDir,
    history: { loss: fit.loss },
    metrics,
    report,
    message: `TF-IDF + logistic regression: ${vectorizer.size} terms, ${fit.loss.length} iterations, final loss ${fit.loss.at(-1)?.toFixed(4)}`,
  };
}

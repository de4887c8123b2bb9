import {
  type ClassificationReport,
  classificationReport,
  DlError,
  type DlMeta,
  loadModelDir,
  tf,
} from '@dl/core';
import type { SentenceDataset } from './data';
import { type CnnExplainer, explainCnn } from './explain';
import { TfidfVectorizer } from './tfidf';
import { tokenize } from './tokenize';
import { alignLabels, TEXTCNN_TASK, TFIDF_TASK } from './train';
import { DEFAULT_MAX_LEN, Vocabulary } from './vocabulary';

export interface TextPrediction {
  label: string;
  probability: number;
  /** Every class's probability, in `labels` order. */
  probabilities: number[];
  /** Up to 3 n-grams that pushed the prediction most towards its label, strongest first. */
  explanation: string[];
}

export interface TextClassifier {
  kind: 'cnn' | 'tfidf';
  labels: readonly string[];
  meta: DlMeta;
  model: tf.LayersModel;
  predict(text: string): TextPrediction;
  predictBatch(texts: readonly string[]): TextPrediction[];
  dispose(): void;
}

/** Loads a TextCNN or TF-IDF baseline model directory saved by trainTextClassifier. */
export async function loadTextClassifier(dir: string): Promise<TextClassifier> {
  const { model, meta } = await loadModelDir(dir, { task: [TEXTCNN_TASK, TFIDF_TASK] });
  const labels = meta.labels ?? [];
  if (labels.length !== model.outputs[0].shape.at(-1)) {
    model.dispose();
    throw new DlError(
      'MODEL_INVALID',
      `dl.json lists ${labels.length} labels but the model has ${model.outputs[0].shape.at(-1)} outputs`,
      { path: dir },
    );
  }
  if (!meta.vocabulary?.length) {
    model.dispose();
    throw new DlError('MODEL_INVALID', 'dl.json has no vocabulary', { path: dir });
  }
  return meta.task === TEXTCNN_TASK
    ? cnnClassifier(model, meta, labels, dir)
    : tfidfClassifier(model, meta, labels);
}

function decode(labels: readonly string[], row: number[], explanation: string[]): TextPrediction {
  let best = 0;
  for (let k = 1; k < row.length; k++) if (row[k] > row[best]) best = k;
  return { label: labels[best], probability: row[best], probabilities: row, explanation };
}

function cnnClassifier(
  model: tf.LayersModel,
  meta: DlMeta,
  labels: readonly string[],
  dir: string,
): TextClassifier {
  const vocab = new Vocabulary(meta.vocabulary!);
  const maxLen = Number(meta.preprocessing?.maxLen ?? DEFAULT_MAX_LEN);
  const extra = meta.extra ?? {};
  const layerNames = (extra.featureLayers as string[] | undefined) ?? [];
  let explainer: CnnExplainer;
  try {
    explainer = {
      featureMaps: tf.model({
        inputs: model.inputs,
        outputs: layerNames.map((n) => model.getLayer(n).output as tf.SymbolicTensor),
      }),
      filterWidths: extra.filterWidths as number[],
      convPadding: extra.convPadding === 'same' ? 'same' : 'valid',
      head: (extra.headLayers as string[]).map((name) => {
        const layer = model.getLayer(name);
        const [kernel, bias] = layer.getWeights();
        const config = layer.getConfig();
        return {
          kernel: kernel.dataSync() as Float32Array,
          bias: bias.dataSync() as Float32Array,
          inputs: kernel.shape[0],
          units: kernel.shape[1] as number,
          relu: config.activation === 'relu',
        };
      }),
    };
  } catch (e) {
    model.dispose();
    throw new DlError(
      'MODEL_INVALID',
      `dl.json's feature/head layers do not match model.json (${(e as Error).message})`,
      { path: dir, cause: e },
    );
  }
  const predictBatch = (texts: readonly string[]) => {
    const tokens = texts.map(tokenize);
    const { scores, maps } = tf.tidy(() => {
      const x = tf.tensor2d(vocab.encodeAll(tokens, maxLen), [texts.length, maxLen], 'int32');
      const scores = (model.predict(x) as tf.Tensor).arraySync() as number[][];
      const out = explainer.featureMaps.predict(x);
      const maps = (Array.isArray(out) ? out : [out]).map((t) => ({
        data: t.dataSync() as Float32Array,
        shape: t.shape,
      }));
      return { scores, maps };
    });
    return scores.map((row, i) => {
      const perSentence = maps.map((m) => {
        const size = m.data.length / texts.length;
        return m.data.subarray(i * size, (i + 1) * size);
      });
      const predicted = row.indexOf(Math.max(...row));
      const explanation = explainCnn(
        perSentence,
        maps.map((m) => m.shape[1] as number),
        explainer,
        tokens[i].slice(0, maxLen),
        predicted,
      );
      return decode(labels, row, explanation);
    });
  };
  return {
    kind: 'cnn',
    labels,
    meta,
    model,
    predict: (text) => predictBatch([text])[0],
    predictBatch,
    dispose() {
      model.dispose();
    },
  };
}

function tfidfClassifier(
  model: tf.LayersModel,
  meta: DlMeta,
  labels: readonly string[],
): TextClassifier {
  const maxNgram = meta.preprocessing?.maxNgram === 1 ? 1 : 2;
  const vectorizer = new TfidfVectorizer(
    meta.vocabulary!,
    (meta.extra?.idf as number[]) ?? [],
    maxNgram,
  );
  const [kernel] = model.getLayer('output').getWeights();
  const weights = kernel.dataSync() as Float32Array;
  const classes = labels.length;
  const predictBatch = (texts: readonly string[]) => {
    const tokens = texts.map(tokenize);
    const scores = tf.tidy(() => {
      const x = tf.tensor2d(vectorizer.transformDense(tokens), [texts.length, vectorizer.size]);
      return (model.predict(x) as tf.Tensor).arraySync() as number[][];
    });
    return scores.map((row, i) => {
      const predicted = row.indexOf(Math.max(...row));
      // A term's push towards the predicted class: tf-idf value × its logit weight.
      const { indices, values } = vectorizer.transform(tokens[i]);
      const explanation = Array.from(indices, (f, k) => ({
        term: vectorizer.terms[f],
        v: values[k] * weights[f * classes + predicted],
      }))
        .filter((t) => t.v > 0)
        .sort((a, b) => b.v - a.v)
        .slice(0, 3)
        .map((t) => t.term);
      return decode(labels, row, explanation);
    });
  };
  return {
    kind: 'tfidf',
    labels,
    meta,
    model,
    predict: (text) => predictBatch([text])[0],
    predictBatch,
    dispose() {
      model.dispose();
    },
  };
}

/** Per-class P/R/F1, accuracy and the confusion matrix of a saved text classifier on a data set. */
export async function evaluateTextClassifier(
  dir: string,
  data: SentenceDataset,
): Promise<ClassificationReport> {
  const classifier = await loadTextClassifier(dir);
  try {
    const aligned = alignLabels(data, classifier.labels);
    const predicted = new Int32Array(aligned.texts.length);
    for (let start = 0; start < aligned.texts.length; start += 256) {
      const batch = classifier.predictBatch(aligned.texts.slice(start, start + 256));
      batch.forEach((p, i) => {
        predicted[start + i] = classifier.labels.indexOf(p.label);
      });
    }
    return classificationReport(aligned.labels, predicted, { labels: [...classifier.labels] });
  } finally {
    classifier.dispose();
  }
}

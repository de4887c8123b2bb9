import { DlError, type DlMeta, loadModelDir, tf } from '@dl/core';
import { type CnnExplainer, explainCnn } from './explain';
import { argmax, linearLogits, softmax } from './linear-scores';
import { OUTPUT_LAYER } from './model';
import { NgramIndicators } from './ngram-indicators';
import {
  architectureOf,
  DEFAULT_ARCHITECTURE,
  NBSVM_TASK,
  TEXTCNN_TASK,
  type TextCnnArchitecture,
  type TextModelKind,
  TFIDF_TASK,
} from './task';
import { type SparseRow, TfidfVectorizer } from './tfidf';
import { tokenize } from './tokenize';
import { DEFAULT_MAX_LEN, Vocabulary } from './vocabulary';

export interface TextPrediction {
  label: string;
  probability: number;
  /** Every class's probability, in `labels` order. */
  probabilities: number[];
  /** Up to 3 n-grams that pushed the prediction most towards its label, strongest first. */
  explanation: string[];
}

/** What a loaded model is. */
export interface TextCnnPredictorInfo {
  task: typeof TEXTCNN_TASK | typeof TFIDF_TASK | typeof NBSVM_TASK;
  /** What trained it ('default' resolved: e.g. 'cnn-rand'). */
  architecture: Exclude<TextCnnArchitecture, 'default'>;
  /** The classes, in the order of `probabilities`. */
  labels: readonly string[];
  /** CNNs: tokens per sentence after padding / truncation. */
  maxLen?: number;
  /** The model directory's dl.json. */
  meta: DlMeta;
}

export interface TextCnnPredictor {
  info: TextCnnPredictorInfo;
  /** The tf model (a CNN, or a linear baseline as one Dense layer over its features). */
  model: tf.LayersModel;
  predict(text: string): TextPrediction;
  predictBatch(texts: readonly string[]): TextPrediction[];
  dispose(): void;
  /** @deprecated Use info.task / info.architecture; removed in the next minor. */
  kind: 'cnn' | 'tfidf' | 'nbsvm';
  /** @deprecated Use info.labels; removed in the next minor. */
  labels: readonly string[];
  /** @deprecated Use info.meta; removed in the next minor. */
  meta: DlMeta;
}

/** @deprecated Use TextCnnPredictor; removed in the next minor. */
export type TextClassifier = TextCnnPredictor;

type Methods = Pick<TextCnnPredictor, 'predictBatch'> & { maxLen?: number };

/** Loads a TextCNN, TF-IDF or NB-SVM model directory saved by trainTextCnn. */
export async function loadTextCnnPredictor(dir: string): Promise<TextCnnPredictor> {
  const { model, meta } = await loadModelDir(dir, {
    task: [TEXTCNN_TASK, TFIDF_TASK, NBSVM_TASK],
  });
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
  const task = meta.task === TEXTCNN_TASK || meta.task === NBSVM_TASK ? meta.task : TFIDF_TASK;
  const methods =
    task === TEXTCNN_TASK
      ? cnnClassifier(model, meta, labels, dir)
      : linearClassifier(model, labels, meta.vocabulary, linearFeatures(meta, dir, model));
  const info: TextCnnPredictorInfo = {
    task,
    architecture: architectureIn(meta),
    labels,
    ...(methods.maxLen ? { maxLen: methods.maxLen } : {}),
    meta,
  };
  return {
    info,
    model,
    predict: (text) => methods.predictBatch([text])[0],
    predictBatch: methods.predictBatch,
    dispose() {
      model.dispose();
    },
    kind: task === TEXTCNN_TASK ? 'cnn' : task === NBSVM_TASK ? 'nbsvm' : 'tfidf',
    labels,
    meta,
  };
}

/** @deprecated Use loadTextCnnPredictor; removed in the next minor. */
export const loadTextClassifier = loadTextCnnPredictor;

/** The architecture dl.json records (older model directories named it `model`). */
function architectureIn(meta: DlMeta): TextCnnPredictorInfo['architecture'] {
  if (meta.task === TFIDF_TASK) return 'tfidf';
  if (meta.task === NBSVM_TASK) return 'nbsvm';
  const named = (meta.extra?.architecture ?? meta.extra?.model) as
    | TextCnnArchitecture
    | TextModelKind
    | undefined;
  const architecture = named ? architectureOf(named) : DEFAULT_ARCHITECTURE;
  return architecture === 'default' ? DEFAULT_ARCHITECTURE : architecture;
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
): Methods {
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
  return { predictBatch, maxLen };
}

/** The sentence → sparse features step of a saved linear baseline. */
function linearFeatures(
  meta: DlMeta,
  dir: string,
  model: tf.LayersModel,
): (tokens: string[]) => SparseRow {
  const maxNgram = meta.preprocessing?.maxNgram === 1 ? 1 : 2;
  if (meta.task === NBSVM_TASK) {
    const indicators = new NgramIndicators(meta.vocabulary!, maxNgram);
    return (t) => indicators.transform(t);
  }
  const idf = meta.extra?.idf as number[] | undefined;
  if (idf?.length !== meta.vocabulary!.length) {
    model.dispose();
    throw new DlError(
      'MODEL_INVALID',
      `dl.json has ${meta.vocabulary!.length} TF-IDF terms but ${idf?.length ?? 0} idf weights`,
      { path: dir },
    );
  }
  const vectorizer = new TfidfVectorizer(meta.vocabulary!, idf, maxNgram);
  return (t) => vectorizer.transform(t);
}

/**
 * A linear baseline's predictions, computed on the sparse features (the same as its Dense
 * layer on a dense [sentences × terms] input, which for 10⁵ terms would be 400 kB a sentence).
 */
function linearClassifier(
  model: tf.LayersModel,
  labels: readonly string[],
  terms: readonly string[],
  features: (tokens: string[]) => SparseRow,
): Methods {
  const [kernelTensor, biasTensor] = model.getLayer(OUTPUT_LAYER).getWeights();
  const kernel = kernelTensor.dataSync() as Float32Array;
  const bias = biasTensor.dataSync() as Float32Array;
  const classes = labels.length;
  const predictBatch = (texts: readonly string[]) =>
    texts.map((text) => {
      const row = features(tokenize(text));
      const logits = linearLogits(row, kernel, bias);
      const predicted = argmax(logits);
      // A term's push towards the predicted class: its feature value × its logit weight.
      const explanation = Array.from(row.indices, (f, k) => ({
        term: terms[f],
        v: row.values[k] * kernel[f * classes + predicted],
      }))
        .filter((t) => t.v > 0)
        .sort((a, b) => b.v - a.v)
        .slice(0, 3)
        .map((t) => t.term);
      return decode(labels, softmax(logits), explanation);
    });
  return { predictBatch };
}

import { basename } from 'node:path';
import {
  type ClassificationReport,
  DlError,
  evaluateClassifier,
  type ProgressMode,
  Rng,
  saveModelDir,
  stratifiedSplit,
  tf,
  trainModel,
  withSeededRandom,
} from '@dl/core';
import pkg from '../package.json';
import { type SentenceDataset, subsetSentences } from './data';
import { loadWordVectors, type WordVectors } from './embeddings';
import { MaxNormCallback } from './max-norm';
import {
  buildTextCnnModel,
  buildTextCnnSeedModel,
  DEFAULT_DROPOUT,
  featureLayerName,
  OUTPUT_LAYER,
  type TextCnnVariant,
} from './model';
import { trainTfidfBaseline } from './tfidf-train';
import { tokenize } from './tokenize';
import { DEFAULT_MAX_LEN, Vocabulary } from './vocabulary';

export const TEXTCNN_TASK = 'textcnn';
export { TFIDF_TASK_NAME as TFIDF_TASK } from './tfidf-train';
export type TextModelKind =
  | 'cnn-rand'
  | 'cnn-static'
  | 'cnn-non-static'
  | 'cnn-multichannel'
  | 'cnn-seed'
  | 'tfidf';
export const TEXT_MODEL_KINDS: readonly TextModelKind[] = [
  'cnn-rand',
  'cnn-static',
  'cnn-non-static',
  'cnn-multichannel',
  'cnn-seed',
  'tfidf',
];

export interface TrainTextOptions {
  model: TextModelKind;
  data: SentenceDataset;
  outDir: string;
  /** A held-out test set; without one, `test` of `data` is held out (stratified). */
  testData?: SentenceDataset;
  /** GloVe / word2vec text vectors: needed by cnn-static, -non-static, -multichannel. */
  embeddingsFile?: string;
  epochs?: number;
  batchSize?: number;
  seed?: number;
  maxLen?: number;
  /** Vocabulary: minimum count and size cap (from the training split only). */
  minCount?: number;
  maxVocab?: number;
  /** Embedding size of cnn-rand (pretrained variants take the file's); default 128. */
  embeddingDim?: number;
  /** Kim CNN: feature maps per width (100) and the widths (3, 4, 5). */
  filters?: number;
  filterWidths?: number[];
  dropout?: number;
  optimizer?: 'adam' | 'adadelta';
  learningRate?: number;
  /** Held-out fractions; default validation 0.1, test 0.1 (test only without testData). */
  validation?: number;
  test?: number;
  /** TF-IDF baseline: unigrams (1) or unigrams and bigrams (2, default), C, iterations. */
  maxNgram?: 1 | 2;
  c?: number;
  iterations?: number;
  /**
   * CNNs: continue an interrupted run from `${outDir}.checkpoints/last` (weights, optimizer
   * state, epoch, history and the best validation loss so far) instead of starting over, with
   * the run's own data, seed and options; `epochs` may be raised to train longer. A checkpoint
   * of another run is refused, naming what differs. The TF-IDF baseline (one fit, no epochs)
   * has nothing to resume.
   */
  resume?: boolean;
  progress?: ProgressMode;
  progressOut?: { write(s: string): unknown; isTTY?: boolean };
}

export interface TextMetrics {
  accuracy: number;
  macroF1: number;
  weightedF1: number;
  testSamples: number;
  [k: string]: number;
}

export interface TrainTextResult {
  artifactDir: string;
  history: Record<string, number[]>;
  metrics: TextMetrics;
  report: ClassificationReport;
  message: string;
  /** Vocabulary words found in the embeddings file (pretrained variants). */
  coverage?: WordVectors['coverage'];
}

/** Train / validation / test splits of a data set (stratified, seeded). */
export function splitSentences(
  o: Pick<TrainTextOptions, 'data' | 'testData' | 'validation' | 'test'>,
  rng: Rng,
) {
  const validation = o.validation ?? 0.1;
  const test = o.testData ? 0 : (o.test ?? 0.1);
  const split = stratifiedSplit(
    o.data.labels,
    { train: 1 - validation - test, validation, test },
    rng.fork('split'),
  );
  return {
    fractions: { validation, test },
    train: subsetSentences(o.data, split.train),
    validation: subsetSentences(o.data, split.validation),
    test: o.testData
      ? alignLabels(o.testData, o.data.labelNames)
      : subsetSentences(o.data, split.test),
  };
}

/** Re-encodes `data`'s labels in the class order `labelNames` (a model's), by name. */
export function alignLabels(data: SentenceDataset, labelNames: readonly string[]): SentenceDataset {
  if (data.labelNames.join('\u0000') === labelNames.join('\u0000')) return data;
  const index = new Map(labelNames.map((l, i) => [l, i]));
  const remap = data.labelNames.map((l) => {
    const i = index.get(l);
    if (i === undefined) {
      throw new DlError(
        'DATA_INVALID',
        `the data has label '${l}', which the model does not know (it knows ${labelNames.join(', ')})`,
        {
          path: data.files[0],
        },
      );
    }
    return i;
  });
  return {
    ...data,
    labels: Int32Array.from(data.labels, (l) => remap[l]),
    labelNames: [...labelNames],
  };
}

/**
 * Trains a sentence classifier — one of Kim's TextCNN variants, the course seed CNN, or the
 * TF-IDF + logistic-regression baseline — and saves it as a @dl model directory with its
 * vocabulary and preprocessing in dl.json. Scores are on the held-out test sentences, with the
 * best epoch by validation loss.
 */
export async function trainTextClassifier(o: TrainTextOptions): Promise<TrainTextResult> {
  if (!TEXT_MODEL_KINDS.includes(o.model)) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `unknown model '${o.model}'; expected one of ${TEXT_MODEL_KINDS.join(', ')}`,
    );
  }
  if (o.data.labelNames.length < 2) {
    throw new DlError(
      'DATA_INVALID',
      `a classifier needs at least 2 classes; the data has ${o.data.labelNames.join(', ') || 'none'}`,
    );
  }
  if (o.resume && o.model === 'tfidf') {
    throw new DlError(
      'INVALID_ARGUMENT',
      'the tfidf baseline is fitted in one go (no epochs, no checkpoints): there is nothing to resume; train it without resume / --resume',
    );
  }
  const seed = o.seed ?? 1;
  const rng = new Rng(seed);
  const sets = splitSentences(o, rng);
  if (o.model === 'tfidf') return trainTfidfBaseline({ ...o, seed }, sets);
  return trainCnn(o, seed, rng, sets);
}

async function trainCnn(
  o: TrainTextOptions,
  seed: number,
  rng: Rng,
  sets: ReturnType<typeof splitSentences>,
): Promise<TrainTextResult> {
  const variant = o.model === 'cnn-seed' ? 'seed' : (o.model.slice(4) as TextCnnVariant);
  const maxLen = o.maxLen ?? DEFAULT_MAX_LEN;
  const tokens = {
    train: sets.train.texts.map(tokenize),
    validation: sets.validation.texts.map(tokenize),
    test: sets.test.texts.map(tokenize),
  };
  const vocab = Vocabulary.fromTokens(tokens.train, { minCount: o.minCount, maxSize: o.maxVocab });
  let vectors: WordVectors | undefined;
  if (o.embeddingsFile) vectors = await loadWordVectors(o.embeddingsFile, vocab, { seed });
  else if (variant !== 'rand' && variant !== 'seed') {
    throw new DlError(
      'INVALID_ARGUMENT',
      `cnn-${variant} needs pretrained word vectors (embeddingsFile / --embeddings)`,
    );
  }
  const classes = o.data.labelNames.length;
  // Kim: mini-batches of 50.
  const batchSize = o.batchSize ?? 50;
  const filterWidths = variant === 'seed' ? [3] : (o.filterWidths ?? [3, 4, 5]);
  const model = withSeededRandom(rng.fork('init'), () =>
    variant === 'seed'
      ? buildTextCnnSeedModel({
          vocabSize: vocab.size,
          embeddingDim: vectors?.dim ?? o.embeddingDim ?? 50,
          maxLen,
          embeddings: vectors?.matrix,
          classes,
          dropout: o.dropout,
          learningRate: o.learningRate,
        })
      : buildTextCnnModel({
          variant,
          vocabSize: vocab.size,
          embeddingDim: vectors?.dim ?? o.embeddingDim ?? 128,
          maxLen,
          embeddings: vectors?.matrix,
          classes,
          filterWidths,
          filters: o.filters,
          dropout: o.dropout,
          optimizer: o.optimizer,
          learningRate: o.learningRate,
        }),
  );
  const encode = (t: string[][]) =>
    tf.tensor2d(vocab.encodeAll(t, maxLen), [t.length, maxLen], 'int32');
  const oneHot = (labels: Int32Array) =>
    tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), classes).toFloat());
  const train = { x: encode(tokens.train), y: oneHot(sets.train.labels) };
  const validation = { x: encode(tokens.validation), y: oneHot(sets.validation.labels) };
  const testX = encode(tokens.test);

  const meta = {
    task: TEXTCNN_TASK,
    package: { name: pkg.name, version: pkg.version },
    labels: [...o.data.labelNames],
    vocabulary: vocab.toJSON(),
    preprocessing: { tokenizer: 'kim-clean-str', maxLen, padding: 'post', truncation: 'post' },
    seed,
    dataFingerprint: o.data.fingerprint,
    backend: tf.getBackend(),
    extra: {
      model: o.model,
      variant,
      filterWidths,
      featureLayers: filterWidths.map(featureLayerName),
      // 'same' convolutions centre a filter on its position; 'valid' ones start there.
      convPadding: variant === 'seed' ? 'same' : 'valid',
      headLayers: variant === 'seed' ? ['hidden', OUTPUT_LAYER] : [OUTPUT_LAYER],
      // The file's name, not its path: a resumed run may find it elsewhere.
      embeddingsFile: o.embeddingsFile ? basename(o.embeddingsFile) : null,
      coverage: vectors?.coverage ?? null,
      // Not epochs: a resumed run may train longer. Optimizer and rate as compiled (defaults
      // resolved), so that leaving an option out and giving its default compare equal.
      training: {
        batchSize,
        optimizer: model.optimizer.getClassName(),
        learningRate: model.optimizer.getConfig().learningRate,
        dropout: o.dropout ?? DEFAULT_DROPOUT,
        ...sets.fractions,
      },
    },
  };
  const checkpointDir = `${o.outDir}.checkpoints`;
  const run = await trainModel({
    model,
    train,
    validation,
    epochs: o.epochs ?? 10,
    batchSize,
    seed,
    // The best epoch by validation loss is the one kept, not merely the last.
    checkpoint: { dir: checkpointDir, meta, monitor: 'val_loss', restoreBest: true },
    // From checkpointDir/last; every key of meta.extra must match the checkpoint's.
    resume: o.resume,
    callbacks: variant === 'seed' ? [] : [new MaxNormCallback(model, 3)],
    progress: o.progress,
    progressOut: o.progressOut,
  }).catch((e) => {
    tf.dispose([train.x, train.y, validation.x, validation.y, testX]);
    model.optimizer.dispose();
    model.dispose();
    throw e;
  });
  const report = await evaluateClassifier(
    model,
    { x: testX, labels: sets.test.labels },
    { labels: o.data.labelNames },
  );
  const metrics: TextMetrics = {
    accuracy: report.accuracy,
    macroF1: report.macroAvg.f1,
    weightedF1: report.weightedAvg.f1,
    testSamples: sets.test.labels.length,
  };
  await saveModelDir(model, o.outDir, { ...meta, metrics });
  tf.dispose([train.x, train.y, validation.x, validation.y, testX]);
  model.optimizer.dispose();
  model.dispose();
  return {
    artifactDir: o.outDir,
    history: run.history,
    metrics,
    report,
    message: run.message,
    coverage: vectors?.coverage,
  };
}

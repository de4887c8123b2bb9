import { basename } from 'node:path';
import {
  type DlMetaInput,
  disposeOnError,
  evaluateClassifier,
  Rng,
  saveModelDir,
  tf,
  trainModel,
  withSeededRandom,
} from '@dl/core';
import pkg from '../package.json';
import { loadWordVectors, type WordVectors } from './embeddings';
import { epochSeededBatches } from './epoch-batches';
import { MaxNormCallback } from './max-norm';
import {
  buildTextCnnModel,
  buildTextCnnSeedModel,
  compileTextCnnModel,
  featureLayerName,
  OUTPUT_LAYER,
  type TextCnnVariant,
} from './model';
import type { ResolvedCnnOptions } from './resolve-options';
import type { SentenceSplits } from './split';
import {
  type CnnPreprocessing,
  TEXTCNN_TASK,
  type TextMetrics,
  type TrainTextCnnResult,
} from './task';
import { tokenize } from './tokenize';
import { Vocabulary } from './vocabulary';

/** tfjs logs the 'accuracy' metric as 'acc'. */
const MONITOR = { val_loss: 'val_loss', val_accuracy: 'val_acc' } as const;

/** The seed's one convolution (SEEDS.md §3); Kim's widths are an option. */
const SEED_FILTER_WIDTHS = [3];

/**
 * Trains one of Kim's CNNs or the seed CNN on `sets` and saves the epoch of lowest validation
 * loss to `o.outDir`, checkpointing (best and last, with optimizer state) to `checkpointDir`.
 */
export async function trainCnn(
  o: ResolvedCnnOptions,
  sets: SentenceSplits,
  checkpointDir: string,
): Promise<TrainTextCnnResult> {
  const rng = new Rng(o.seed);
  const tokens = {
    train: sets.train.texts.map(tokenize),
    validation: sets.validation.texts.map(tokenize),
    test: sets.test.texts.map(tokenize),
  };
  const vocab = Vocabulary.fromTokens(tokens.train, { minCount: o.minCount, maxSize: o.maxVocab });
  const vectors = o.embeddingsFile
    ? await loadWordVectors(o.embeddingsFile, vocab, { seed: o.seed })
    : undefined;
  const classes = o.data.labelNames.length;
  const model = withSeededRandom(rng.fork('init'), () => buildModel(o, vocab, vectors, classes));
  compileTextCnnModel(model, { optimizer: o.optimizer, learningRate: o.learningRate });

  const encode = (t: string[][]) =>
    tf.tensor2d(vocab.encodeAll(t, o.maxLen), [t.length, o.maxLen], 'int32');
  const oneHot = (labels: Int32Array) =>
    tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), classes).toFloat());
  const train = { x: encode(tokens.train), y: oneHot(sets.train.labels) };
  const validation = { x: encode(tokens.validation), y: oneHot(sets.validation.labels) };
  const testX = encode(tokens.test);
  const dispose = () => {
    tf.dispose([train.x, train.y, validation.x, validation.y, testX]);
    model.optimizer.dispose();
    model.dispose();
  };

  const meta = cnnMeta(o, model, vocab, vectors, sets);
  const result = await disposeOnError(async () => {
    const batches = epochSeededBatches(train, validation, o.batchSize, rng.fork('fit'));
    const run = await trainModel({
      model,
      train: batches.train,
      validation: batches.validation,
      epochs: o.epochs,
      seed: o.seed,
      // The best epoch by validation loss (or accuracy) is the one kept, not merely the last.
      checkpoint: { dir: checkpointDir, meta, monitor: MONITOR[o.selectBy], restoreBest: true },
      ...(Number.isFinite(o.patience)
        ? { earlyStopping: { monitor: MONITOR[o.selectBy], patience: o.patience } }
        : {}),
      // From checkpointDir/last; every key of meta.extra must match the checkpoint's.
      resume: o.resume,
      callbacks: [
        batches.callback,
        ...(o.architecture === 'seed' ? [] : [new MaxNormCallback(model, o.maxNorm)]),
      ],
      progress: o.progress,
      progressOut: o.progressOut,
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
    return {
      artifactDir: o.outDir,
      history: run.history,
      metrics,
      stopReason: run.stopReason,
      message: run.message,
      report,
      coverage: vectors?.coverage,
    };
  }, dispose);
  dispose();
  return result;
}

function variantOf(o: ResolvedCnnOptions): TextCnnVariant | 'seed' {
  return o.architecture === 'seed' ? 'seed' : (o.architecture.slice(4) as TextCnnVariant);
}

function buildModel(
  o: ResolvedCnnOptions,
  vocab: Vocabulary,
  vectors: WordVectors | undefined,
  classes: number,
): tf.LayersModel {
  const variant = variantOf(o);
  const shared = {
    vocabSize: vocab.size,
    embeddingDim: vectors?.dim ?? o.embeddingDim,
    maxLen: o.maxLen,
    embeddings: vectors?.matrix,
    classes,
    dropout: o.dropout,
  };
  if (variant === 'seed') return buildTextCnnSeedModel(shared);
  return buildTextCnnModel({
    ...shared,
    variant,
    filterWidths: o.filterWidths,
    filters: o.filters,
    maxNorm: o.maxNorm,
  });
}

/**
 * dl.json of the run: what prediction needs (vocabulary, preprocessing, the layers the
 * explainer reads) and what a resumed run must match (every key of `extra`).
 */
function cnnMeta(
  o: ResolvedCnnOptions,
  model: tf.LayersModel,
  vocab: Vocabulary,
  vectors: WordVectors | undefined,
  sets: SentenceSplits,
): DlMetaInput {
  const variant = variantOf(o);
  const seed = variant === 'seed';
  const filterWidths = seed ? SEED_FILTER_WIDTHS : [...o.filterWidths];
  const preprocessing: CnnPreprocessing = {
    tokenizer: 'kim-clean-str',
    maxLen: o.maxLen,
    padding: 'post',
    truncation: 'post',
  };
  return {
    task: TEXTCNN_TASK,
    package: { name: pkg.name, version: pkg.version },
    labels: [...o.data.labelNames],
    vocabulary: vocab.toJSON(),
    preprocessing: { ...preprocessing },
    seed: o.seed,
    dataFingerprint: o.data.fingerprint,
    backend: tf.getBackend(),
    extra: {
      architecture: o.architecture,
      variant,
      filterWidths,
      featureLayers: filterWidths.map(featureLayerName),
      // 'same' convolutions centre a filter on its position; 'valid' ones start there.
      convPadding: seed ? 'same' : 'valid',
      headLayers: seed ? ['hidden', OUTPUT_LAYER] : [OUTPUT_LAYER],
      // The file's name, not its path: a resumed run may find it elsewhere.
      embeddingsFile: o.embeddingsFile ? basename(o.embeddingsFile) : null,
      coverage: vectors?.coverage ?? null,
      // Not epochs: a resumed run may train longer. Optimizer and rate as compiled, so that
      // leaving an option out and giving its default compare equal.
      training: {
        batchSize: o.batchSize,
        optimizer: model.optimizer.getClassName(),
        learningRate: model.optimizer.getConfig().learningRate,
        dropout: o.dropout,
        maxNorm: seed ? null : o.maxNorm,
        selectBy: o.selectBy,
        recipe: o.recipe,
        ...sets.fractions,
      },
    },
  };
}

import { DlError, disposeOnError, saveModelDir, tf, trainModel, withSeededRandom } from '@dl/core';
import { augmentCaptcha } from './augment';
import type { CaptchaSample } from './data';
import { toModelInput } from './image';
import { encodeLabel } from './labels';
import { captchaMetrics, summaryMetrics } from './metrics';
import { buildCaptchaSeedCnn, buildCaptchaSeedModel } from './model';
import { readInputs } from './read';
import type { CaptchaRun, TrainCaptchaResult } from './train-options';

/** Inputs and one one-hot target per head. */
function tensors(
  samples: readonly CaptchaSample[],
  run: CaptchaRun,
  length: number,
  augment: boolean,
): { x: tf.Tensor4D; y: tf.Tensor2D[] } {
  const { input, charset } = run.info;
  const per = input.height * input.width * input.channels;
  const flat = new Float32Array(samples.length * per);
  const rng = run.rng.fork('augment');
  samples.forEach((s, i) => {
    const x = toModelInput(s.image, input);
    flat.set(augment && run.augment ? augmentCaptcha(x, input, run.augment, rng) : x, i * per);
  });
  const codes = samples.map((s) => encodeLabel(s.text, charset));
  const classes = [...charset].length;
  return {
    x: tf.tensor4d(flat, [samples.length, input.height, input.width, input.channels]),
    y: Array.from(
      { length },
      (_, p) =>
        tf
          .oneHot(
            tf.tensor1d(
              codes.map((c) => c[p]),
              'int32',
            ),
            classes,
          )
          .toFloat() as tf.Tensor2D,
    ),
  };
}

/**
 * @internal Copies the convolution tower (conv*, bn* layers, by name) of the first stage into
 * the CNN+GRU model; its GRU and heads keep their fresh initialisation. Returns the names copied.
 */
export function transferTower(cnn: tf.LayersModel, model: tf.LayersModel): string[] {
  const copied: string[] = [];
  for (const layer of cnn.layers) {
    if (!/^(conv|bn)\d/.test(layer.name)) continue;
    model.getLayer(layer.name).setWeights(layer.getWeights());
    copied.push(layer.name);
  }
  return copied;
}

const compile = (model: tf.LayersModel, learningRate: number) => {
  const heads = model.outputNames;
  model.compile({
    optimizer: tf.train.adam(learningRate, 0.9),
    loss: Object.fromEntries(heads.map((h) => [h, 'categoricalCrossentropy'])),
    metrics: ['accuracy'],
  });
};

/**
 * The seed's recipe: the CNN with per-position heads on its pooled features first (from
 * scratch the CNN+GRU converges too slowly), then CNN+GRU initialised from that tower and
 * trained with checkpoints. One cross-entropy per head, Adam (β1 0.9). With augmentation
 * (off by default, as the original) the training images are warped once, not per epoch.
 */
export async function trainSeedReader(run: CaptchaRun): Promise<TrainCaptchaResult> {
  const { o, info, split, claim, meta, rng } = run;
  const length = info.length;
  if (length === null) {
    throw new DlError(
      'DATA_INVALID',
      'the seed reader has one head per position and needs captchas of one fixed length; these vary (use the default CTC reader)',
    );
  }
  const epochs = o.epochs ?? 20;
  const cnnEpochs = o.cnnEpochs ?? Math.max(1, Math.floor(epochs / 2));
  const batchSize = o.batchSize ?? 16;
  const learningRate = o.learningRate ?? 1e-3;
  const builderOptions = {
    ...o.seedModel,
    input: info.input,
    length,
    classes: [...info.charset].length,
  };
  const train = tensors(split.train, run, length, true);
  const validation = split.validation.length
    ? tensors(split.validation, run, length, false)
    : undefined;
  const freeData = () =>
    tf.dispose([train.x, ...train.y, ...(validation ? [validation.x, ...validation.y] : [])]);
  const model = withSeededRandom(rng.fork('init'), () => buildCaptchaSeedModel(builderOptions));
  const dispose = () => {
    model.optimizer?.dispose();
    model.dispose();
  };
  const trained = await disposeOnError(
    async () => {
      // Stage 1 (skipped when resuming: the checkpoint holds the whole model).
      if (!o.resume) {
        const cnn = withSeededRandom(rng.fork('init-cnn'), () =>
          buildCaptchaSeedCnn(builderOptions),
        );
        compile(cnn, learningRate);
        await disposeOnError(
          () =>
            trainModel({
              model: cnn,
              train,
              validation,
              epochs: cnnEpochs,
              batchSize,
              seed: run.seed,
              progress: o.progress,
              progressOut: o.progressOut,
            }),
          () => cnn.dispose(),
        );
        for (const layer of cnn.layers) {
          if (/^(conv|bn)\d/.test(layer.name))
            model.getLayer(layer.name).setWeights(layer.getWeights());
        }
        cnn.optimizer.dispose();
        cnn.dispose();
      }
      compile(model, learningRate);
      return trainModel({
        model,
        train,
        validation,
        epochs,
        batchSize,
        seed: run.seed,
        earlyStopping: o.patience ? { patience: o.patience } : undefined,
        checkpoint: {
          dir: claim.checkpointDir,
          meta,
          monitor: validation ? 'val_loss' : 'loss',
          restoreBest: true,
        },
        resume: o.resume,
        progress: o.progress,
        progressOut: o.progressOut,
      });
    },
    () => {
      freeData();
      dispose();
    },
  );
  freeData();
  return disposeOnError(async () => {
    const read = readInputs(
      model,
      info,
      split.test.map((s) => toModelInput(s.image, info.input)),
    );
    const metrics = captchaMetrics(
      split.test.map((s) => s.text),
      read.map((p) => p.text),
    );
    const seconds = (performance.now() - run.started) / 1000;
    await saveModelDir(model, claim.outDir, {
      ...meta,
      metrics: summaryMetrics(metrics),
      extra: {
        ...meta.extra,
        evaluation: metrics,
        cnnEpochs,
        history: trained.history,
        seconds,
        message: trained.message,
      },
    });
    const parameters = model.countParams();
    dispose();
    return {
      artifactDir: claim.outDir,
      history: trained.history,
      metrics,
      stopReason: trained.stopReason,
      message: trained.message,
      split: {
        train: split.train.length,
        validation: split.validation.length,
        test: split.test.length,
      },
      seconds,
      parameters,
    };
  }, dispose);
}

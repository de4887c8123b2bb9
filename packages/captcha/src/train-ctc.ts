import {
  cosineDecay,
  ctcLoss,
  DlError,
  disposeOnError,
  EpochRandom,
  framewiseCrossEntropy,
  saveModelDir,
  tf,
  trainSteps,
  withSeededRandom,
} from '@dl/core';
import { pseudoFrames } from './alignment';
import { augmentCaptcha } from './augment';
import type { CaptchaSample } from './data';
import { toModelInput } from './image';
import { encodeLabel } from './labels';
import { captchaMetrics, summaryMetrics } from './metrics';
import { buildCaptchaModel, ctcSteps } from './model';
import { readInputs } from './read';
import type { CaptchaRun, TrainCaptchaResult } from './train-options';

interface Batch {
  x: Float32Array;
  labels: number[][];
  /** Pseudo frame labels for the guided-alignment warm-up (null: no ink found) and its weight. */
  frames: (number[] | null)[];
  alignment: number;
}

/** Padded label rows (−1 after the end) for ctcLoss. */
function labelRows(samples: readonly CaptchaSample[], charset: string): number[][] {
  const encoded = samples.map((s) => encodeLabel(s.text, charset));
  const width = Math.max(...encoded.map((e) => e.length));
  return encoded.map((e) => [...e, ...Array(width - e.length).fill(-1)]);
}

/**
 * The guided-alignment weight at a training step: `alignmentWeight` falling linearly to 0 over
 * `alignmentEpochs` (see TrainCaptchaOptions).
 */
export function alignmentWarmup(
  o: { alignmentWeight?: number; alignmentEpochs?: number },
  epochs: number,
  stepsPerEpoch: number,
): { weight: (step: number) => number } {
  const initial = o.alignmentWeight ?? 1;
  const span = o.alignmentEpochs ?? Math.max(1, Math.round(epochs / 4));
  if (!(initial >= 0) || !Number.isFinite(initial)) {
    throw new DlError('INVALID_ARGUMENT', `alignmentWeight must be ≥ 0, got ${initial}`);
  }
  if (!Number.isInteger(span) || span < 1) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `alignmentEpochs must be a positive integer, got ${span}`,
    );
  }
  const total = span * stepsPerEpoch;
  return { weight: (step) => (step >= total ? 0 : initial * (1 - step / total)) };
}

/** The CTC reader's gradient clipping: `clipNorm` (default 0), undefined for none (0). */
export function clipNormOf(o: { clipNorm?: number }): number | undefined {
  const v = o.clipNorm ?? 0;
  if (!(v >= 0) || !Number.isFinite(v)) {
    throw new DlError('INVALID_ARGUMENT', `clipNorm must be ≥ 0, got ${v}`);
  }
  return v === 0 ? undefined : v;
}

/** Trains buildCaptchaModel with ctcLoss over trainSteps (fresh augmentation every epoch). */
export async function trainCtcReader(run: CaptchaRun): Promise<TrainCaptchaResult> {
  const { o, info, split, rng, claim, meta, augment } = run;
  const { input, charset } = info;
  const steps = ctcSteps(input.width, o.model?.pools ?? undefined);
  const longest = Math.max(...split.train.map((s) => [...s.text].length));
  // CTC needs a step per symbol and a blank between repeats: keep a margin of 2×.
  if (2 * longest + 1 > steps) {
    throw new DlError(
      'DATA_INVALID',
      `captchas of ${longest} characters need an input at least ${4 * (2 * longest + 1)} px wide for the CTC reader, got ${input.width}`,
    );
  }
  const epochs = o.epochs ?? 40;
  // Small batches: CTC readers sit on the all-blank plateau for hundreds of steps, and a
  // few hundred captchas give few steps per epoch.
  const batchSize = o.batchSize ?? 16;
  const learningRate = o.learningRate ?? 2e-3;
  const trainX = split.train.map((s) => toModelInput(s.image, input));
  const trainY = labelRows(split.train, charset);
  const valX = split.validation.map((s) => toModelInput(s.image, input));
  const valY = split.validation.length ? labelRows(split.validation, charset) : [];
  const per = input.height * input.width * input.channels;
  const shape = [input.height, input.width, input.channels] as const;

  const model = withSeededRandom(rng.fork('init'), () =>
    buildCaptchaModel({ ...o.model, input, classes: [...charset].length }),
  );
  const optimizer = tf.train.adam(learningRate, 0.9);
  // The model holds the optimizer so checkpoints save its state; the loss here is a placeholder
  // (trainSteps computes ctcLoss), kept a built-in name so saved models load anywhere.
  model.compile({ optimizer, loss: 'meanSquaredError' });
  const dispose = () => {
    optimizer.dispose();
    model.dispose();
  };
  // Epoch e's shuffle, augmentation and dropout come from streams named after e, so a resumed
  // run draws what the uninterrupted one drew.
  const random = new EpochRandom(rng.fork('epochs'));
  const blank = [...charset].length;
  const stepsPerEpoch = Math.ceil(trainX.length / batchSize);
  const warmup = alignmentWarmup(o, epochs, stepsPerEpoch);
  function* batches(epoch: number): Iterable<Batch> {
    let step = epoch * stepsPerEpoch;
    const augmentRng = random.stream('augment');
    const order = augmentRng.permutation(trainX.length);
    for (let i = 0; i < order.length; i += batchSize) {
      const idx = Array.from(order.subarray(i, i + batchSize));
      const x = new Float32Array(idx.length * per);
      const alignment = warmup.weight(step++);
      const frames = idx.map((k, j) => {
        const image = augment ? augmentCaptcha(trainX[k], input, augment, augmentRng) : trainX[k];
        x.set(image, j * per);
        const symbols = trainY[k].filter((c) => c >= 0);
        return alignment > 0 ? pseudoFrames(image, input, symbols, steps, blank) : null;
      });
      yield { x, labels: idx.map((k) => trainY[k]), frames, alignment };
    }
  }
  const trainingLoss = (b: Batch) =>
    tf.tidy(() => {
      const logits = model.apply(tf.tensor4d(b.x, [b.labels.length, ...shape]), {
        training: true,
      }) as tf.Tensor;
      const ctc = ctcLoss(b.labels, logits) as tf.Scalar;
      if (b.alignment === 0) return ctc;
      return tf.add(ctc, tf.mul(b.alignment, framewiseCrossEntropy(logits, b.frames)));
    }) as tf.Scalar;
  const validationLoss = () => {
    let sum = 0;
    for (let i = 0; i < valX.length; i += 64) {
      const part = valX.slice(i, i + 64);
      const flat = new Float32Array(part.length * per);
      part.forEach((x, j) => flat.set(x, j * per));
      sum += tf.tidy(() => {
        const logits = model.predict(tf.tensor4d(flat, [part.length, ...shape])) as tf.Tensor;
        const loss = ctcLoss(valY.slice(i, i + 64), logits, { reduction: 'sum' });
        return loss.dataSync()[0];
      });
    }
    return sum / valX.length;
  };
  const hasValidation = valX.length > 0;
  const trained = await disposeOnError(
    () =>
      random.run(() =>
        trainSteps<Batch>({
          epochs,
          batches,
          stepsPerEpoch,
          loss: trainingLoss,
          clipNorm: clipNormOf(o),
          model,
          schedule: cosineDecay({ initial: learningRate, epochs, min: learningRate / 20 }),
          evaluate: hasValidation
            ? () => {
                const read = readInputs(model, info, valX);
                const right = read.filter((p, i) => p.text === split.validation[i].text).length;
                return { val_loss: validationLoss(), val_accuracy: right / valX.length };
              }
            : undefined,
          earlyStopping: o.patience
            ? { patience: o.patience, monitor: hasValidation ? 'val_loss' : 'loss' }
            : undefined,
          checkpoint: {
            dir: claim.checkpointDir,
            meta,
            monitor: hasValidation ? 'val_loss' : 'loss',
            restoreBest: true,
          },
          resume: o.resume,
          progress: o.progress,
          progressOut: o.progressOut,
          callbacks: [random],
        }),
      ),
    dispose,
  );
  return disposeOnError(async () => {
    const testX = split.test.map((s) => toModelInput(s.image, input));
    const read = readInputs(model, info, testX);
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

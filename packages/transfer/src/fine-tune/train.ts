import {
  DlError,
  type ProgressMode,
  Rng,
  type Sink,
  type TrainResult,
  tf,
  trainModel,
} from '@dl/core';
import type { Backbone } from '../backbones/backbone';
import {
  buildHead,
  fitHead,
  headLoss,
  KeepBestWeights,
  type LabelledFeatures,
  standardise,
  standardiser,
} from '../head-fit';
import { headProbabilities, scoreProbabilities } from '../score';
import { TRANSFER_OUTPUTS, type TransferEvaluation } from '../task';
import type { HeadPlan } from '../train-options';
import { type Activations, activationTensors, bottomActivations } from './activations';
import { type FineTuneNetwork, fineTuneNetwork, withHead } from './network';
import type { FineTunePlan } from './options';
import { type ViewKind, viewKinds } from './views';

/** The split of a data set trainTransfer made: image indices. */
export interface ImageSplit {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
}

export interface FineTuneRun {
  backbone: Backbone;
  plan: HeadPlan;
  fineTune: FineTunePlan;
  paths: readonly string[];
  labels: Int32Array;
  classNames: readonly string[];
  parts: ImageSplit;
  /** Average the features with the mirror image's (trainTransfer's `flip`). */
  flip: boolean;
  featureBatchSize: number;
  /**
   * The bottom's outputs computed beforehand for EVERY image with the training views
   * (allViewsPlan): cross-validation computes them once for all its folds. Default: computed
   * here for this split.
   */
  activations?: Activations;
  progress?: ProgressMode;
  progressOut?: Sink;
}

export interface FineTuneOutcome {
  net: FineTuneNetwork;
  /** Boundary tensors → classes: the model to save. */
  model: tf.LayersModel;
  head: tf.LayersModel;
  /** Held-out scores of the head on the frozen features, before fine-tuning. */
  frozen: TransferEvaluation;
  /** Held-out scores after fine-tuning. */
  evaluation: TransferEvaluation;
  /** Class probabilities of the test images (`parts.test` order): frozen head / fine-tuned. */
  probabilities: { frozen: number[][]; fineTuned: number[][] };
  headRun: TrainResult;
  run: TrainResult;
  /** Whether an epoch of fine-tuning beat the frozen head on the validation loss. */
  improved: boolean;
  /** Images × views the top was trained on. */
  examples: number;
}

/** Pooled features (through the top as it is now) of images' original views, mirror-averaged. */
function featuresOf(
  net: FineTuneNetwork,
  acts: Activations,
  idx: Int32Array,
  flip: boolean,
): Float32Array {
  const dim = net.features.outputs[0].shape.at(-1) as number;
  const out = new Float32Array(idx.length * dim);
  const chunk = 64;
  for (let at = 0; at < idx.length; at += chunk) {
    const part = [...idx.subarray(at, at + chunk)];
    const rows = tf.tidy(() => {
      const run = (view: number) => {
        const x = activationTensors(
          acts,
          part.map((i) => [i, view] as const),
        );
        return net.features.predict(x.length === 1 ? x[0] : x) as tf.Tensor;
      };
      const y = flip ? run(0).add(run(1)).div(2) : run(0);
      return y.dataSync() as Float32Array;
    });
    out.set(rows, at * dim);
  }
  return out;
}

/** The views of a training image; with `flip` the second is always the mirror. */
function trainingViews(fineTune: FineTunePlan, flip: boolean): ViewKind[] {
  const augment = flip ? { ...fineTune.augment, flip: true } : fineTune.augment;
  return viewKinds(flip ? Math.max(2, fineTune.views) : fineTune.views, augment);
}

/**
 * Views of each image: all of them for training images, the original (and mirror) for others —
 * the first one or two training views, so activations computed with every image's training
 * views (allViewsPlan) serve any split.
 */
function viewPlan(r: FineTuneRun): (i: number) => ViewKind[] {
  const isTrain = new Set(r.parts.train);
  const trainKinds = trainingViews(r.fineTune, r.flip);
  const held: ViewKind[] = r.flip ? ['original', 'mirror'] : ['original'];
  return (i) => (isTrain.has(i) ? trainKinds : held);
}

/** The training views for every image: what cross-validation computes once for all folds. */
export function allViewsPlan(fineTune: FineTunePlan, flip: boolean): (i: number) => ViewKind[] {
  const kinds = trainingViews(fineTune, flip);
  return () => kinds;
}

/** The frozen bottom's outputs for every image and view of `views` (see bottomActivations). */
export function fineTuneActivations(
  r: Omit<FineTuneRun, 'parts' | 'activations'>,
  net: FineTuneNetwork,
  views: (i: number) => ViewKind[],
): Promise<Activations> {
  return bottomActivations(r.paths, {
    bottom: net.bottom,
    preprocessing: r.backbone.spec.preprocessing,
    shapes: net.split.refs.map((ref) => ref.shape),
    views,
    augment: r.fineTune.augment,
    rng: new Rng(r.plan.seed).fork('views'),
    batchSize: r.featureBatchSize,
    label: `${r.backbone.spec.name} below ${r.fineTune.from}`,
    progress: r.progress,
    progressOut: r.progressOut,
  });
}

/**
 * Fine-tunes the top of a layers backbone with a head: the bottom's outputs are computed once
 * for every view, the head is trained on the frozen top's features (exactly the frozen
 * recipe), then top and head are trained together with Adam at the fine-tuning rate, early
 * stopping on the validation loss, the best epoch kept — the frozen head's weights when no
 * epoch beats them, so fine-tuning never ends worse on the validation split.
 */
export async function fineTuneTop(r: FineTuneRun): Promise<FineTuneOutcome> {
  if (r.backbone.network.kind !== 'layers') {
    throw new DlError(
      'INVALID_ARGUMENT',
      `backbone '${r.backbone.spec.name}' is not a layers model`,
    );
  }
  const classes = r.classNames.length;
  const dim = r.backbone.featureDim;
  const head = buildHead(r.plan, dim, classes, new Rng(r.plan.seed).fork('init'));
  const net = fineTuneNetwork(r.backbone.network.model, r.backbone.spec, r.fineTune.from);
  const views = viewPlan(r);
  const acts = r.activations ?? (await fineTuneActivations(r, net, views));
  const labelled = (idx: Int32Array): LabelledFeatures => ({
    x: featuresOf(net, acts, idx, r.flip),
    labels: Int32Array.from(idx, (i) => r.labels[i]),
    dim,
  });
  const [train, validation] = [labelled(r.parts.train), labelled(r.parts.validation)];
  const testLabels = Int32Array.from(r.parts.test, (i) => r.labels[i]);
  const logits = TRANSFER_OUTPUTS[r.plan.architecture] === 'logits';
  // stage 1, the frozen recipe: ours on standardised features, the seed as is
  const scaling = r.plan.architecture === 'seed' ? null : standardiser(train.x, dim);
  const scaled = (d: LabelledFeatures) =>
    scaling ? { ...d, x: standardise(d.x, d.dim, scaling) } : d;
  const testProbabilities = () => {
    const x = featuresOf(net, acts, r.parts.test, r.flip);
    return headProbabilities(head, scaling ? standardise(x, dim, scaling) : x, dim, logits);
  };
  const headRun = await fitHead(head, r.plan, scaled(train), scaled(validation), classes, {
    progress: r.progress,
    progressOut: r.progressOut,
  });
  const frozenP = testProbabilities();
  // stage 2: top and head together on every view of the training images
  const model = withHead(net, head, scaling);
  const trainPairs = [...r.parts.train].flatMap((i) => views(i).map((_, v) => [i, v] as const));
  const { run, improved } = await fitTop(model, r, acts, trainPairs, classes);
  const fineTunedP = testProbabilities();
  return {
    net,
    model,
    head,
    frozen: scoreProbabilities(frozenP, testLabels, r.classNames),
    evaluation: scoreProbabilities(fineTunedP, testLabels, r.classNames),
    probabilities: { frozen: frozenP, fineTuned: fineTunedP },
    headRun,
    run,
    improved,
    examples: trainPairs.length,
  };
}

async function fitTop(
  model: tf.LayersModel,
  r: FineTuneRun,
  acts: Activations,
  trainPairs: (readonly [number, number])[],
  classes: number,
): Promise<{ run: TrainResult; improved: boolean }> {
  const data = (pairs: readonly (readonly [number, number])[]) => {
    const x = activationTensors(acts, pairs);
    const labels = Int32Array.from(pairs, ([i]) => r.labels[i]);
    const y = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), classes).toFloat());
    return { x: x.length === 1 ? x[0] : x, y };
  };
  model.compile({
    optimizer: tf.train.adam(r.fineTune.learningRate),
    loss: headLoss(r.plan),
    metrics: ['accuracy'],
  });
  const t = data(trainPairs);
  const v = r.parts.validation.length
    ? data([...r.parts.validation].map((i) => [i, 0] as const))
    : undefined;
  let keep: KeepBestWeights | null = null;
  try {
    if (v) {
      const initial = tf.tidy(() => {
        const out = model.evaluate(v.x, v.y, { batchSize: r.plan.batchSize });
        return (Array.isArray(out) ? out[0] : out).dataSync()[0];
      });
      keep = new KeepBestWeights(model, initial);
    }
    const early = r.fineTune.patience > 0 && v !== undefined;
    const run = await trainModel({
      model: model,
      train: t,
      validation: v,
      epochs: r.fineTune.epochs,
      batchSize: r.plan.batchSize,
      seed: new Rng(r.plan.seed).fork('fine-tune').int(2 ** 31),
      earlyStopping: early ? { patience: r.fineTune.patience } : undefined,
      progress: r.progress ?? 'silent',
      progressOut: r.progressOut,
      callbacks: keep ? [keep] : [],
    });
    const improved = keep ? keep.improved : true;
    keep?.restore();
    return { run, improved };
  } finally {
    keep?.discard();
    tf.dispose([t.x, t.y, ...(v ? [v.x, v.y] : [])].flat());
  }
}

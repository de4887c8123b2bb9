import {
  DlError,
  type DlMetaInput,
  disposeOnError,
  type OutputClaim,
  Rng,
  saveModelDir,
  stratifiedSplit,
  type TaskTrainResult,
  tf,
  withModelOutput,
} from '@dl/core';
import pkg from '../package.json';
import type { Backbone } from './backbones/backbone';
import { BUILTIN_BACKBONES } from './backbones/builtin';
import { loadBackbone } from './backbones/load';
import { getBackbone } from './backbones/registry';
import type { BackboneSpec } from './backbones/spec';
import { computeFeatures, FEATURE_DEFAULTS } from './features/compute';
import { type FineTunePlan, planFineTune } from './fine-tune/options';
import { fineTuneTop } from './fine-tune/train';
import {
  buildHead,
  fitHead,
  gatherRows,
  type LabelledFeatures,
  standardise,
  standardiser,
} from './head-fit';
import { foldStandardisation } from './model';
import { headProbabilities, scoreProbabilities } from './score';
import {
  TRANSFER_OUTPUTS,
  TRANSFER_TASK,
  type TransferEvaluation,
  type TransferFeatureRecord,
  type TransferMetrics,
  type TransferModelExtra,
} from './task';
import {
  type HeadPlan,
  planHead,
  TRANSFER_TRAIN_DEFAULTS,
  type TrainTransferOptions,
} from './train-options';

export interface TrainTransferResult extends TaskTrainResult<TransferMetrics>, TransferEvaluation {
  /** Images in each part of the split. */
  split: { train: number; validation: number; test: number };
  /** Feature rows read from the cache / computed in this run (fine-tuning: images run, no key). */
  features: { fromCache: number; computed: number; dim: number; key: string };
  /** With `fineTune`: what was trained, and the frozen head's held-out scores for comparison. */
  fineTune?: {
    from: string;
    /** Layers of the trained top. */
    layers: number;
    /** Training images × views. */
    examples: number;
    /** Did an epoch beat the frozen head on validation (else the frozen head was kept)? */
    improved: boolean;
    /** Held-out scores of the head on the frozen features, before fine-tuning. */
    frozen: TransferMetrics;
    /** The frozen head's training (`history` is the fine-tuning's). */
    headHistory: TaskTrainResult<TransferMetrics>['history'];
  };
}

/**
 * Trains a classifier on a frozen backbone's features and saves it as a model directory (the
 * head as a TF.js layers model; dl.json names the backbone, its weights' hash and the labels).
 * The output is claimed (checked, locked) before any feature is computed; features come from
 * the cache when there is one; the split is stratified and seeded; checkpoints keep the best
 * validation loss. Returns held-out accuracy, macro-F1, the confusion matrix and ECE.
 */
export async function trainTransfer(o: TrainTransferOptions): Promise<TrainTransferResult> {
  return withModelOutput(o.outDir, { resume: o.resume }, async (claim) => {
    const plan = planHead(o);
    const spec =
      typeof o.backbone === 'object'
        ? o.backbone
        : getBackbone(o.backbone ?? TRANSFER_TRAIN_DEFAULTS.backbone);
    if (o.fineTune) {
      const fineTune = planFineTune(o.fineTune, spec, BUILTIN_BACKBONES);
      if (o.resume) {
        throw new DlError(
          'INVALID_ARGUMENT',
          'fineTune keeps no checkpoints to resume from; train again without resume',
        );
      }
      return trainFineTuned(o, plan, fineTune, spec, claim.outDir);
    }
    return trainFrozen(o, plan, spec, claim);
  });
}

async function trainFrozen(
  o: TrainTransferOptions,
  plan: HeadPlan,
  spec: BackboneSpec,
  claim: OutputClaim,
): Promise<TrainTransferResult> {
  const test = o.test ?? TRANSFER_TRAIN_DEFAULTS.test;
  const flip = o.flip ?? TRANSFER_TRAIN_DEFAULTS.flip;
  const backbone = await loadBackbone(spec, { from: o.from });
  let features: Awaited<ReturnType<typeof computeFeatures>>;
  try {
    features = await computeFeatures(
      backbone,
      o.data.images.map((im) => im.path),
      {
        cacheDir: o.cacheDir,
        batchSize: o.featureBatchSize,
        flip,
        progress: o.progress,
        progressOut: o.progressOut,
      },
    );
  } finally {
    backbone.dispose();
  }
  const labels = Int32Array.from(o.data.images, (im) => im.label);
  const parts = splitImages(labels, plan, test);
  const record = featureRecord(backbone, flip);
  const meta = modelMeta(o, plan, record, test);
  const all: LabelledFeatures = { x: features.data, labels, dim: features.dim };
  const pick = (idx: Int32Array): LabelledFeatures => ({
    x: gatherRows(all.x, all.dim, idx),
    labels: Int32Array.from(idx, (i) => labels[i]),
    dim: all.dim,
  });
  const [train, validation, testSet] = [
    pick(parts.train),
    pick(parts.validation),
    pick(parts.test),
  ];
  // ours learn on standardised features (folded into the head before saving); the seed as is
  const scaling = plan.architecture === 'seed' ? null : standardiser(train.x, all.dim);
  const scaled = (d: LabelledFeatures) =>
    scaling ? { ...d, x: standardise(d.x, d.dim, scaling) } : d;
  const classes = o.data.labels.length;
  const model = buildHead(plan, all.dim, classes, new Rng(plan.seed).fork('init'));
  return disposeOnError(
    async () => {
      const run = await fitHead(model, plan, scaled(train), scaled(validation), classes, {
        checkpoint: {
          dir: claim.checkpointDir,
          meta,
          monitor: validation.labels.length ? 'val_loss' : 'loss',
        },
        resume: o.resume,
        progress: o.progress,
        progressOut: o.progressOut,
      });
      if (scaling) foldStandardisation(model, scaling.mean, scaling.std);
      const logits = TRANSFER_OUTPUTS[plan.architecture] === 'logits';
      const evaluation = scoreProbabilities(
        headProbabilities(model, testSet.x, all.dim, logits),
        testSet.labels,
        o.data.labels,
      );
      await saveModelDir(model, claim.outDir, { ...meta, metrics: evaluation.metrics });
      disposeHead(model);
      return {
        artifactDir: claim.outDir,
        history: run.history,
        stopReason: run.stopReason,
        message: run.message,
        split: sizes(parts),
        features: {
          fromCache: features.fromCache,
          computed: features.computed,
          dim: features.dim,
          key: features.key,
        },
        ...evaluation,
      };
    },
    () => disposeHead(model),
  );
}

/**
 * trainTransfer with `fineTune`: the head on the frozen features first, then the backbone's top
 * and the head together (see fineTuneTop). The saved model takes the bottom's outputs and holds
 * the fine-tuned top, its pooling and the head; dl.json says where the bottom is cut.
 */
async function trainFineTuned(
  o: TrainTransferOptions,
  plan: HeadPlan,
  fineTune: FineTunePlan,
  spec: BackboneSpec,
  outDir: string,
): Promise<TrainTransferResult> {
  const test = o.test ?? TRANSFER_TRAIN_DEFAULTS.test;
  const flip = o.flip ?? TRANSFER_TRAIN_DEFAULTS.flip;
  const backbone = await loadBackbone(spec, { from: o.from });
  const disposables: { dispose(): unknown }[] = [{ dispose: () => backbone.dispose() }];
  try {
    const labels = Int32Array.from(o.data.images, (im) => im.label);
    const parts = splitImages(labels, plan, test);
    const paths = o.data.images.map((im) => im.path);
    const done = await fineTuneTop({
      backbone,
      plan,
      fineTune,
      paths,
      labels,
      classNames: o.data.labels,
      parts,
      flip,
      featureBatchSize: o.featureBatchSize ?? FEATURE_DEFAULTS.batchSize,
      progress: o.progress,
      progressOut: o.progressOut,
    });
    disposables.push(
      { dispose: () => disposeHead(done.model) },
      { dispose: () => disposeHead(done.head) },
    );
    const record = { ...featureRecord(backbone, flip), fineTune: done.net.record };
    const meta = modelMeta(o, plan, record, test);
    const extra = {
      ...meta.extra,
      fineTune: {
        ...fineTune,
        improved: done.improved,
        examples: done.examples,
        frozenMetrics: done.frozen.metrics,
      },
    };
    const metrics = done.evaluation.metrics;
    await saveModelDir(done.model, outDir, { ...meta, extra, metrics });
    const { run } = done;
    return {
      artifactDir: outDir,
      history: run.history,
      stopReason: run.stopReason,
      message:
        `${run.message}; fine-tuned ${done.net.record.topLayers.length} layers from ` +
        `'${fineTune.from}' on ${done.examples} views: test accuracy ` +
        `${done.frozen.metrics.accuracy.toFixed(4)} frozen → ${metrics.accuracy.toFixed(4)}` +
        (done.improved ? '' : ' (no epoch beat the frozen head on validation: its weights kept)'),
      split: sizes(parts),
      features: { fromCache: 0, computed: paths.length, dim: backbone.featureDim, key: '' },
      fineTune: {
        from: fineTune.from,
        layers: done.net.record.topLayers.length,
        examples: done.examples,
        improved: done.improved,
        frozen: done.frozen.metrics,
        headHistory: done.headRun.history,
      },
      ...done.evaluation,
    };
  } finally {
    for (const d of disposables.reverse()) d.dispose();
  }
}

const sizes = (parts: { train: Int32Array; validation: Int32Array; test: Int32Array }) => ({
  train: parts.train.length,
  validation: parts.validation.length,
  test: parts.test.length,
});

/** Stratified, seeded: test first, then validation out of the rest. */
function splitImages(labels: Int32Array, plan: HeadPlan, test: number) {
  const trainShare = 1 - test;
  return stratifiedSplit(
    labels,
    { train: trainShare * (1 - plan.validation), validation: trainShare * plan.validation, test },
    new Rng(plan.seed).fork('split'),
  );
}

function featureRecord(backbone: Backbone, flip: boolean): TransferFeatureRecord {
  return {
    backbone: backbone.spec,
    weightsId: backbone.weightsId,
    flip,
    featureDim: backbone.featureDim,
  };
}

function modelMeta(
  o: TrainTransferOptions,
  plan: HeadPlan,
  record: TransferFeatureRecord,
  test: number,
): DlMetaInput {
  const extra: TransferModelExtra = {
    architecture: plan.architecture,
    outputs: TRANSFER_OUTPUTS[plan.architecture],
    synthetic: o.data.synthetic,
    training: {
      batchSize: plan.batchSize,
      learningRate: plan.learningRate,
      weightDecay: plan.weightDecay,
      hidden: plan.hidden,
      dropout: plan.dropout,
      patience: plan.patience,
      validation: plan.validation,
      test,
    },
  };
  return {
    task: TRANSFER_TASK,
    package: { name: pkg.name, version: pkg.version },
    labels: [...o.data.labels],
    preprocessing: { ...record } as unknown as Record<string, unknown>,
    seed: plan.seed,
    dataFingerprint: o.data.fingerprint,
    backend: tf.getBackend(),
    extra: { ...extra },
  };
}

function disposeHead(model: tf.LayersModel): void {
  model.optimizer?.dispose();
  model.dispose();
}

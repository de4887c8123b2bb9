import {
  type DlMetaInput,
  disposeOnError,
  Rng,
  saveModelDir,
  stratifiedSplit,
  type TaskTrainResult,
  tf,
  withModelOutput,
} from '@dl/core';
import pkg from '../package.json';
import type { Backbone } from './backbones/backbone';
import { loadBackbone } from './backbones/load';
import { getBackbone } from './backbones/registry';
import { computeFeatures } from './features/compute';
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
  /** Feature rows read from the cache / computed in this run. */
  features: { fromCache: number; computed: number; dim: number; key: string };
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
    const test = o.test ?? TRANSFER_TRAIN_DEFAULTS.test;
    const flip = o.flip ?? TRANSFER_TRAIN_DEFAULTS.flip;
    const spec =
      typeof o.backbone === 'object'
        ? o.backbone
        : getBackbone(o.backbone ?? TRANSFER_TRAIN_DEFAULTS.backbone);
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
          split: {
            train: parts.train.length,
            validation: parts.validation.length,
            test: parts.test.length,
          },
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
  });
}

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

import { DlError, kFold, type ProgressMode, Rng, type Sink, tf } from '@dl/core';
import { BUILTIN_BACKBONES } from '../backbones/builtin';
import { loadBackbone } from '../backbones/load';
import { getBackbone } from '../backbones/registry';
import type { BackboneSpec } from '../backbones/spec';
import { type CrossValidation, innerSplit, summariseFolds } from '../cv';
import type { TransferDataset } from '../data';
import { FEATURE_DEFAULTS } from '../features/compute';
import { planHead, TRANSFER_TRAIN_DEFAULTS, type TransferHeadTraining } from '../train-options';
import { fineTuneNetwork } from './network';
import { type FineTuneOptions, planFineTune } from './options';
import { allViewsPlan, fineTuneActivations, fineTuneTop } from './train';

export interface CrossValidateFineTuneOptions extends TransferHeadTraining {
  /** Labelled images (loadTransferDataset / synthTransferDataset). Required. */
  data: TransferDataset;
  /** A built-in layers backbone or a spec (backboneFromDirectory). Default 'nsfw-mobilenet-v2'. */
  backbone?: string | BackboneSpec;
  /** Where the backbone's weight package is resolved from. Default the current directory. */
  from?: string;
  /** What to fine-tune and how (as trainTransfer's `fineTune`). Required. */
  fineTune: FineTuneOptions;
  /** Number of folds (stratified). Default 5. */
  folds?: number;
  /** Seeds the folds, the inner validation splits, the views and every head. Default 1. */
  seed?: number;
  /** Mirror-average the held-out images' features (as trainTransfer's `flip`). Default false. */
  flip?: boolean;
  /** The head's epochs (as trainTransfer's `epochs`); fine-tuning's are `fineTune.epochs`. */
  epochs?: number;
  batchSize?: number;
  featureBatchSize?: number;
  progress?: ProgressMode;
  progressOut?: Sink;
}

export interface FineTuneCrossValidation {
  /** The head on the frozen features, each fold (the frozen recipe, same splits). */
  frozen: CrossValidation;
  /** Top and head fine-tuned, each fold. */
  fineTuned: CrossValidation;
  /** Per fold: did an epoch of fine-tuning beat the frozen head on validation? */
  improved: boolean[];
  /** Per fold: epochs of fine-tuning run (early stopping ends them). */
  epochs: number[];
  /** Seconds: the bottom over every image and view (once), then each fold's training. */
  seconds: { bottom: number; folds: number[] };
}

/**
 * k-fold cross-validation of fine-tuning (trainTransfer's `fineTune`), on the same stratified
 * folds as crossValidateTransfer. The frozen bottom runs once over every view of every image
 * (any image trains in k − 1 folds); each fold then starts the top from the backbone's own
 * weights, trains the head on the frozen features (the frozen score), fine-tunes top and head
 * early-stopped on a validation part of its training images, and is scored on its fold.
 * Nothing is written to disk.
 */
export async function crossValidateFineTune(
  o: CrossValidateFineTuneOptions,
): Promise<FineTuneCrossValidation> {
  const plan = planHead(o);
  const spec =
    typeof o.backbone === 'object' ? o.backbone : getBackbone(o.backbone ?? 'nsfw-mobilenet-v2');
  const fineTune = planFineTune(o.fineTune, spec, BUILTIN_BACKBONES);
  const k = o.folds ?? 5;
  const labels = Int32Array.from(o.data.images, (im) => im.label);
  if (labels.length === 0) throw new DlError('DATA_INVALID', 'no images to cross-validate');
  const folds = kFold(labels, k, new Rng(plan.seed).fork('folds'));
  const flip = o.flip ?? TRANSFER_TRAIN_DEFAULTS.flip;
  const backbone = await loadBackbone(spec, { from: o.from });
  try {
    const network = backbone.network;
    if (network.kind !== 'layers') {
      throw new DlError('INVALID_ARGUMENT', `backbone '${spec.name}' is not a layers model`);
    }
    // every fold's top starts from the pretrained weights (training changes them in place);
    // kept per layer: the model's weight order changes as fine-tuning toggles `trainable`
    const pretrained = network.model.layers.map((l) => l.getWeights().map((w) => w.clone()));
    const restore = () => network.model.layers.forEach((l, i) => l.setWeights(pretrained[i]));
    const run = {
      backbone,
      plan,
      fineTune,
      paths: o.data.images.map((im) => im.path),
      labels,
      classNames: o.data.labels,
      flip,
      featureBatchSize: o.featureBatchSize ?? FEATURE_DEFAULTS.batchSize,
      progress: o.progress,
      progressOut: o.progressOut,
    };
    const t0 = performance.now();
    const net = fineTuneNetwork(network.model, spec, fineTune.from);
    const activations = await fineTuneActivations(run, net, allViewsPlan(fineTune, flip)).finally(
      // each fold rebuilds its own top; this one only ran the bottom (its dispose releases
      // the top's layers once, as each fold's model does)
      () => net.features.dispose(),
    );
    const bottomSeconds = (performance.now() - t0) / 1000;
    const pooled = {
      frozen: new Array<number[]>(labels.length),
      tuned: new Array<number[]>(labels.length),
    };
    const scores = {
      frozen: [] as CrossValidation['folds'],
      tuned: [] as CrossValidation['folds'],
    };
    const out = { improved: [] as boolean[], epochs: [] as number[], seconds: [] as number[] };
    try {
      for (let f = 0; f < folds.length; f++) {
        const t = performance.now();
        restore();
        const inner = innerSplit(
          labels,
          folds[f].train,
          plan.validation,
          new Rng(plan.seed).fork(`inner-${f}`),
        );
        const done = await fineTuneTop({
          ...run,
          plan: { ...plan, seed: plan.seed + f },
          parts: { ...inner, test: folds[f].test },
          activations,
        });
        try {
          folds[f].test.forEach((i, r) => {
            pooled.frozen[i] = done.probabilities.frozen[r];
            pooled.tuned[i] = done.probabilities.fineTuned[r];
          });
          scores.frozen.push(done.frozen);
          scores.tuned.push(done.evaluation);
          out.improved.push(done.improved);
          out.epochs.push(done.run.history.loss?.length ?? 0);
          out.seconds.push((performance.now() - t) / 1000);
        } finally {
          for (const m of [done.model, done.head]) {
            m.optimizer?.dispose();
            m.dispose();
          }
        }
      }
    } finally {
      restore();
      tf.dispose(pretrained.flat());
    }
    return {
      frozen: summariseFolds(scores.frozen, pooled.frozen, labels, o.data.labels),
      fineTuned: summariseFolds(scores.tuned, pooled.tuned, labels, o.data.labels),
      improved: out.improved,
      epochs: out.epochs,
      seconds: { bottom: bottomSeconds, folds: out.seconds },
    };
  } finally {
    backbone.dispose();
  }
}

import { resolve } from 'node:path';
import type { CrossValidation } from '@dl/transfer';
import { defineCommand } from '../../framework/spec';
import { architectureFlag, SEED_FLAG, startBackend, usageError } from '../shared';
import {
  BACKBONE_FLAGS,
  backboneOf,
  CACHE,
  CLASS_FOLDERS,
  FINE_TUNE_FLAGS,
  FROM,
  fineTuneOf,
} from './flags';

const f3 = (v: number) => v.toFixed(3);

/** One recipe's line: mean ± sd over the folds, pooled accuracy, each fold. */
function cvLine(name: string, cv: CrossValidation): string {
  const folds = cv.folds.map((f) => f3(f.metrics.accuracy)).join(' · ');
  return `${name}: accuracy ${f3(cv.mean.accuracy)} ± ${f3(cv.std.accuracy)} (pooled ${f3(cv.pooled.metrics.accuracy)}), macro-F1 ${f3(cv.mean.macroF1)}, ECE ${f3(cv.mean.ece)}; folds ${folds}`;
}

export const transferCv = defineCommand({
  name: 'cv',
  summary: 'cross-validate a recipe (frozen head, or fine-tuning) on a labelled image folder',
  description:
    'Stratified k-fold: every image is scored once by a model that did not see it, so a small data set gives a mean ± sd instead of one split’s luck. Nothing is saved but the feature cache (frozen features only).',
  flags: {
    data: { ...CLASS_FOLDERS, required: true },
    architecture: architectureFlag(
      ['seed', 'default', 'mlp'],
      'the head, as for dl transfer train',
    ),
    ...BACKBONE_FLAGS,
    cache: CACHE,
    folds: { type: 'int', min: 2, default: 5, help: 'number of folds (stratified)' },
    epochs: {
      type: 'int',
      min: 1,
      defaultText: '200 (early stopping ends sooner); the seed: 100 steps worth',
      help: 'passes over each fold’s training features (the head)',
    },
    ...FINE_TUNE_FLAGS,
    seed: SEED_FLAG,
    from: FROM,
  },
  examples: [
    'dl transfer cv --data pets --backbone centernet --cache .features',
    'dl transfer cv --data pets --backbone nsfw-mobilenet-v2 --fine-tune-from block_16_expand --views 3',
  ],
  async run(ctx) {
    const { flags } = ctx;
    const fineTune = fineTuneOf(flags);
    if (fineTune && flags.cache) {
      throw usageError('--cache holds frozen features; fine-tuning keeps its views in memory');
    }
    await startBackend();
    const transfer = await import('@dl/transfer');
    const backbone = backboneOf(transfer, flags) ?? 'centernet';
    const data = await transfer.loadTransferDataset(flags.data);
    const common = {
      architecture: flags.architecture,
      folds: flags.folds,
      epochs: flags.epochs,
      seed: flags.seed,
    };
    if (fineTune) {
      const r = await transfer.crossValidateFineTune({
        ...common,
        data,
        backbone,
        fineTune,
        from: flags.from,
        progress: ctx.progress,
        progressOut: ctx.progressOut,
      });
      ctx.result(r, () =>
        [
          cvLine('frozen head', r.frozen),
          cvLine(`fine-tuned from ${fineTune.from}`, r.fineTuned),
          `improved on validation: ${r.improved.map((b) => (b ? 'yes' : 'no')).join(' · ')}; epochs ${r.epochs.join(' · ')}`,
        ].join('\n'),
      );
      return;
    }
    const net = await transfer.loadBackbone(backbone, { from: flags.from });
    let features: Awaited<ReturnType<typeof transfer.computeFeatures>>;
    try {
      features = await transfer.computeFeatures(
        net,
        data.images.map((im) => im.path),
        {
          cacheDir: flags.cache && resolve(flags.cache),
          flip: flags['flip-features'],
          progress: ctx.progress,
          progressOut: ctx.progressOut,
        },
      );
    } finally {
      net.dispose();
    }
    const labels = Int32Array.from(data.images, (im) => im.label);
    const r = await transfer.crossValidateTransfer(features, labels, data.labels, common);
    ctx.result(r, () => cvLine(`${net.spec.name}, ${flags.architecture ?? 'default'} head`, r));
  },
});

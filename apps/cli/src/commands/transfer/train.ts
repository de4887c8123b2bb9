import { resolve } from 'node:path';
import type { TrainTransferResult } from '@dl/transfer';
import { defineCommand } from '../../framework/spec';
import {
  architectureFlag,
  loadCore,
  OUT_FLAG,
  preflightOutput,
  RESUME_FLAG,
  SEED_FLAG,
  startBackend,
} from '../shared';
import {
  BACKBONE_FLAGS,
  backboneOf,
  CACHE,
  CLASS_FOLDERS,
  FINE_TUNE_FLAGS,
  FROM,
  fineTuneOf,
} from './flags';

function trainText(r: TrainTransferResult, report: string): string {
  const { train, validation, test } = r.split;
  return [
    r.message,
    `${train} training, ${validation} validation, ${test} test images; features ${r.features.dim}-d (${r.features.computed} computed, ${r.features.fromCache} from the cache)`,
    `held-out test split (${r.metrics.testSamples} images):`,
    report,
    ...(r.fineTune
      ? [
          `frozen head before fine-tuning: accuracy ${r.fineTune.frozen.accuracy.toFixed(4)}, macro-F1 ${r.fineTune.frozen.macroF1.toFixed(4)}`,
        ]
      : []),
    `accuracy ${r.metrics.accuracy.toFixed(4)}, macro-F1 ${r.metrics.macroF1.toFixed(4)}, ECE ${r.metrics.ece.toFixed(4)} — model saved in ${r.artifactDir}`,
  ].join('\n');
}

export const transferTrain = defineCommand({
  name: 'train',
  summary: 'train a classifier head on a frozen pretrained backbone’s features',
  description:
    'The images are split (stratified, seeded) into train, validation and test; the features come from the cache when --cache holds them.',
  flags: {
    out: OUT_FLAG,
    data: { ...CLASS_FOLDERS, required: true },
    architecture: architectureFlag(
      ['seed', 'default', 'mlp'],
      'default: a logistic head on standardised features with early stopping; mlp: one hidden layer with dropout; seed: the course’s single logits layer (RMSProp, a fixed number of steps, SEEDS.md §4)',
    ),
    ...BACKBONE_FLAGS,
    cache: CACHE,
    epochs: {
      type: 'int',
      min: 1,
      defaultText: '200 (early stopping ends sooner); the seed: --steps worth',
      help: 'passes over the training features',
    },
    steps: {
      type: 'int',
      min: 1,
      defaultText: '100',
      help: 'the seed’s gradient steps (--epochs wins when given)',
    },
    'batch-size': { type: 'int', min: 1, defaultText: '32', help: 'features a gradient step' },
    lr: {
      type: 'number',
      min: 0,
      minExclusive: true,
      defaultText: '3e-3 (1e-3 for seed and mlp)',
      help: 'learning rate (Adam; RMSProp for the seed)',
    },
    patience: {
      type: 'int',
      min: 1,
      defaultText: '15',
      help: 'epochs without a better validation loss before stopping (not the seed)',
    },
    test: {
      type: 'number',
      min: 0,
      max: 1,
      minExclusive: true,
      maxExclusive: true,
      defaultText: '0.2',
      help: 'fraction of the images held out (stratified) as the test set',
    },
    ...FINE_TUNE_FLAGS,
    seed: SEED_FLAG,
    from: FROM,
    resume: RESUME_FLAG,
  },
  examples: [
    'dl transfer train --data pets --out pets-model --backbone nsfw-mobilenet-v2 --cache .features',
    'dl transfer train --data pets --out pets-tuned --backbone nsfw-mobilenet-v2 --fine-tune-from block_16_expand',
  ],
  async run(ctx) {
    const { flags } = ctx;
    const outDir = resolve(flags.out);
    const fineTune = fineTuneOf(flags);
    await preflightOutput(outDir, flags.resume);
    await startBackend();
    const transfer = await import('@dl/transfer');
    const backbone = backboneOf(transfer, flags);
    const data = await transfer.loadTransferDataset(flags.data);
    const r = await transfer.trainTransfer({
      outDir,
      data,
      backbone,
      architecture: flags.architecture,
      cacheDir: flags.cache && resolve(flags.cache),
      flip: flags['flip-features'],
      epochs: flags.epochs,
      steps: flags.steps,
      batchSize: flags['batch-size'],
      learningRate: flags.lr,
      patience: flags.patience,
      test: flags.test,
      seed: flags.seed,
      from: flags.from,
      resume: flags.resume,
      fineTune,
      progress: ctx.progress,
      progressOut: ctx.progressOut,
    });
    const { formatClassificationReport } = await loadCore();
    ctx.result(r, () => trainText(r, formatClassificationReport(r.report)));
  },
});

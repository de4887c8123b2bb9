import { resolve } from 'node:path';
import type { CaptchaDataset, TrainCaptchaResult } from '@dl/captcha';
import { defineCommand } from '../../framework/spec';
import {
  architectureFlag,
  OUT_FLAG,
  preflightOutput,
  RESUME_FLAG,
  SEED_FLAG,
  startBackend,
  usageError,
} from '../shared';
import { CAPTCHA_FOLDER, CASE, CHARSET, LENGTH, lengthOf, MAX_LENGTH, metricsText } from './flags';

type CaptchaModule = typeof import('@dl/captcha');

interface DataFlags {
  charset?: string;
  length?: number;
  case: 'auto' | 'none' | 'lower' | 'upper';
}

const loadFolder = (captcha: CaptchaModule, dir: string, f: DataFlags): Promise<CaptchaDataset> =>
  captcha.loadCaptchaDataset(dir, { charset: f.charset, length: f.length, caseRule: f.case });

function trainText(r: TrainCaptchaResult): string {
  const { train, validation, test } = r.split;
  return [
    r.message,
    `${r.parameters.toLocaleString('en-US')} parameters; ${train} training, ${validation} validation, ${test} test captchas; ${r.seconds.toFixed(1)} s`,
    metricsText(r.metrics),
    `model saved in ${r.artifactDir}`,
  ].join('\n');
}

export const captchaTrain = defineCommand({
  name: 'train',
  summary: 'train a captcha reader (CNN + BiGRU + CTC, or the seed’s multi-head CNN+GRU)',
  description:
    'Without --data, trains on synthetic captchas. A fifth of the captchas (or --test) is held out for the scores in dl.json; a tenth of the rest picks the best epoch.',
  flags: {
    out: OUT_FLAG,
    data: CAPTCHA_FOLDER,
    test: {
      ...CAPTCHA_FOLDER,
      help: 'a separate test folder (default: a held-out fifth of --data)',
    },
    architecture: architectureFlag(
      ['seed', 'default'],
      'default: CNN + BiGRU read by CTC (any length); seed: SEEDS.md §7’s CNN+GRU with one softmax head per position, trained in two stages',
    ),
    epochs: {
      type: 'int',
      min: 1,
      defaultText: '40 (20 with --architecture seed)',
      help: 'passes over the training data',
    },
    'batch-size': {
      type: 'int',
      min: 1,
      defaultText: '16',
      help: 'captchas a gradient step',
    },
    lr: {
      type: 'number',
      min: 0,
      minExclusive: true,
      defaultText: '2e-3 (1e-3 with --architecture seed)',
      help: 'Adam’s learning rate',
    },
    patience: {
      type: 'int',
      min: 1,
      defaultText: 'never',
      help: 'stop after N epochs without a better validation loss',
    },
    'alignment-weight': {
      type: 'number',
      min: 0,
      defaultText: '1',
      help: 'CTC reader: weight of the guided-alignment warm-up (the text’s ink span split evenly among its characters); 0 turns it off',
    },
    'alignment-epochs': {
      type: 'int',
      min: 1,
      defaultText: 'a quarter of --epochs',
      help: 'CTC reader: epochs over which the warm-up’s weight falls to 0',
    },
    'clip-norm': {
      type: 'number',
      min: 0,
      defaultText: '0 (off)',
      help: 'CTC reader: clip gradients to this global norm before each step; 0 turns clipping off',
    },
    'no-augment': { type: 'boolean', help: 'train without augmentation (the seed never augments)' },
    'synthetic-count': {
      type: 'int',
      min: 1,
      default: 2000,
      help: 'synthetic captchas (without --data)',
    },
    charset: CHARSET,
    length: LENGTH,
    'max-length': MAX_LENGTH,
    case: CASE,
    seed: SEED_FLAG,
    resume: RESUME_FLAG,
  },
  examples: ['dl captcha train --out reader --synthetic-count 500 --epochs 5'],
  async run(ctx) {
    const { flags } = ctx;
    if (flags.data && flags['max-length'] !== undefined) {
      throw usageError('--max-length shapes synthetic captchas; with --data the labels decide');
    }
    const outDir = resolve(flags.out);
    await preflightOutput(outDir, flags.resume);
    await startBackend();
    const captcha = await import('@dl/captcha');
    const data = flags.data ? await loadFolder(captcha, flags.data, flags) : undefined;
    const test = flags.test ? await loadFolder(captcha, flags.test, flags) : undefined;
    const r = await captcha.trainCaptcha({
      outDir,
      architecture: flags.architecture,
      data,
      test,
      synthetic: data
        ? undefined
        : {
            count: flags['synthetic-count'],
            charset: flags.charset,
            length: lengthOf(flags.length, flags['max-length']),
            seed: flags.seed,
          },
      epochs: flags.epochs,
      batchSize: flags['batch-size'],
      learningRate: flags.lr,
      patience: flags.patience,
      alignmentWeight: flags['alignment-weight'],
      alignmentEpochs: flags['alignment-epochs'],
      clipNorm: flags['clip-norm'],
      augment: flags['no-augment'] ? false : undefined,
      seed: flags.seed,
      resume: flags.resume,
      progress: ctx.progress,
      progressOut: ctx.progressOut,
    });
    ctx.result(r, () => trainText(r));
  },
});

import { resolve } from 'node:path';
import type { PlateReaderReport, TrainPlateReaderResult } from '@dl/vision-plate';
import { defineCommand } from '../../framework/spec';
import {
  architectureFlag,
  OUT_FLAG,
  preflightOutput,
  RESUME_FLAG,
  SEED_FLAG,
  startBackend,
} from '../shared';
import { CROPS } from './flags';

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

/** Exact plates (with the interval), character accuracy, CER, invalid readings. */
export function readerReportText(name: string, r: PlateReaderReport): string {
  const [lo, hi] = r.exactInterval;
  return `${name}: ${pct(r.exact)} plates exact (95% ${pct(lo)}–${pct(hi)}) of ${r.plates}, characters ${pct(r.characterAccuracy)}, CER ${r.cer.toFixed(4)}, invalid ${pct(r.invalid)}`;
}

function trainText(r: TrainPlateReaderResult): string {
  return [
    r.message,
    `${r.parameters.toLocaleString('en-US')} parameters, ${r.data.syntheticPerEpoch} synthetic crops an epoch, ${r.data.realTrain} real (${r.data.realValidation} held out), ${r.seconds.toFixed(1)} s`,
    ...(r.synthetic ? [readerReportText('held-out synthetic', r.synthetic)] : []),
    ...(r.real ? [readerReportText('held-out real', r.real)] : []),
    `reader saved in ${r.artifactDir}`,
  ].join('\n');
}

export const plateTrainReader = defineCommand({
  name: 'train-reader',
  summary: 'train the whole-plate reader (LPRNet-like CNN + CTC, no segmentation)',
  description:
    'Trains on realistic synthetic crops drawn fresh every epoch, plus your labelled crops with --crops. Save it as MODELS/reader and `dl plate read MODELS` uses it.',
  flags: {
    out: OUT_FLAG,
    architecture: architectureFlag(
      ['default', 'small'],
      'default: LPRNet-like (~0.5 M parameters); small: ~0.26 M, half the cost',
    ),
    epochs: {
      type: 'int',
      min: 1,
      defaultText: '20',
      help: 'passes (each on fresh synthetic crops)',
    },
    'batch-size': { type: 'int', min: 1, defaultText: '32', help: 'crops a gradient step' },
    'synthetic-per-epoch': {
      type: 'int',
      min: 0,
      defaultText: '2000',
      help: 'synthetic crops drawn for every epoch (0 with --crops: real crops only)',
    },
    'validation-plates': {
      type: 'int',
      min: 0,
      defaultText: '300',
      help: 'synthetic crops held out for validation (drawn once)',
    },
    crops: { ...CROPS, help: `${CROPS.help}, to train on too (a share is held out)` },
    'crop-validation': {
      type: 'number',
      min: 0,
      max: 1,
      maxExclusive: true,
      defaultText: '0.1',
      help: 'share of --crops held out to pick the best epoch',
    },
    'crop-repeats': {
      type: 'int',
      min: 1,
      defaultText: '1',
      help: 'times each real crop is seen an epoch (freshly jittered)',
    },
    'init-from': {
      type: 'path',
      mustExist: true,
      placeholder: 'DIR',
      help: 'fine-tune a trained reader instead of starting from scratch',
    },
    'character-crops': {
      type: 'path',
      mustExist: true,
      placeholder: 'DIR',
      help: 'real character crops in EasyPR’s layout (chars2/, charsChinese/) to compose synthetic plates from',
    },
    realism: {
      type: 'number',
      min: 0,
      max: 1,
      defaultText: '0.5',
      help: 'share of the synthetic training crops degraded (tilt, blur, low resolution, JPEG, lighting); the rest are drawn clean',
    },
    lr: {
      type: 'number',
      min: 0,
      minExclusive: true,
      defaultText: '2e-3 (5e-4 with --init-from)',
      help: 'Adam’s initial learning rate (cosine-annealed to a twentieth)',
    },
    patience: {
      type: 'int',
      min: 1,
      defaultText: 'never',
      help: 'stop after N epochs without a better validation loss',
    },
    seed: SEED_FLAG,
    resume: RESUME_FLAG,
  },
  examples: ['dl plate train-reader --out models/reader --epochs 4'],
  async run(ctx) {
    const { flags } = ctx;
    const outDir = resolve(flags.out);
    await preflightOutput(outDir, flags.resume);
    await startBackend();
    const { trainPlateReader } = await import('@dl/vision-plate');
    const r = await trainPlateReader({
      outDir,
      architecture: flags.architecture,
      epochs: flags.epochs,
      batchSize: flags['batch-size'],
      syntheticPerEpoch: flags['synthetic-per-epoch'],
      validationPlates: flags['validation-plates'],
      crops: flags.crops,
      cropValidation: flags['crop-validation'],
      cropRepeats: flags['crop-repeats'],
      initFrom: flags['init-from'],
      characterCrops: flags['character-crops'],
      realism: flags.realism,
      learningRate: flags.lr,
      patience: flags.patience,
      seed: flags.seed,
      resume: flags.resume,
      progress: ctx.progress,
      progressOut: ctx.progressOut,
    });
    ctx.result(r, () => trainText(r));
  },
});

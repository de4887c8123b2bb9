import { resolve } from 'node:path';
import { defineCommand } from '../../framework/spec';
import {
  architectureFlag,
  deprecatedSwitch,
  loadCore,
  OUT_FLAG,
  preflightOutput,
  RESUME_FLAG,
  resolveArchitecture,
  SEED_FLAG,
  startBackend,
} from '../shared';
import { FSDD_DIR, SYNTH_FLAGS, TEST_SPEAKERS } from './flags';
import { evaluationText, splitOf, synthOptions } from './shared';

export const speechTrain = defineCommand({
  name: 'train',
  summary: 'train the spoken-digit classifier (MFCC / log-mel CNN)',
  description:
    'Without --data, trains on espeak-ng synthetic digits and holds out a quarter of the voices; with it, FSDD’s standard split (takes 0–4 are the test set).',
  flags: {
    out: OUT_FLAG,
    data: FSDD_DIR,
    split: {
      type: 'enum',
      values: ['standard', 'speaker'],
      defaultText: 'standard with --data, speaker without',
      help: 'standard: FSDD’s takes 0–4 are the test set; speaker: unseen voices are',
    },
    'test-speakers': TEST_SPEAKERS,
    architecture: architectureFlag(
      ['seed', 'default'],
      'default: a log-mel CNN with augmentation; seed: the original architecture and MFCC features of SEEDS.md §5',
    ),
    'seed-model': deprecatedSwitch('--architecture seed'),
    'no-augment': { type: 'boolean', help: 'train without noise / speed / SpecAugment' },
    epochs: {
      type: 'int',
      min: 1,
      defaultText: '30 (10 with --architecture seed)',
      help: 'passes over the training data',
    },
    lr: {
      type: 'number',
      min: 0,
      minExclusive: true,
      defaultText: '3e-3 (1e-3 with --architecture seed)',
      help: 'Adam’s learning rate (cosine-decayed to a twentieth by the last epoch; constant for the seed)',
    },
    ...SYNTH_FLAGS,
    seed: SEED_FLAG,
    resume: RESUME_FLAG,
  },
  async run(ctx) {
    const { flags } = ctx;
    const architecture = resolveArchitecture(
      flags.architecture,
      { flag: '--seed-model', means: flags['seed-model'] ? 'seed' : undefined },
      ctx.warn,
    );
    const outDir = resolve(flags.out);
    // The trainer claims --out before it synthesises; recordings the CLI loads come first, so
    // --out is checked here before them.
    await preflightOutput(outDir, flags.resume);
    const backend = await startBackend();
    const speech = await import('@dl/speech');
    const data = flags.data ? await speech.loadSpeechDataset(flags.data) : undefined;
    if (!data) ctx.note('synthesising digits with espeak-ng …');
    const r = await speech.trainSpeech({
      data,
      synthetic: data ? undefined : synthOptions(speech, { ...flags, seed: flags.seed }),
      split: splitOf(flags.split, flags['test-speakers']),
      outDir,
      architecture,
      augment: flags['no-augment'] ? false : undefined,
      epochs: flags.epochs,
      learningRate: flags.lr,
      seed: flags.seed,
      resume: flags.resume,
      progress: ctx.progress,
      progressOut: ctx.progressOut,
    });
    const { formatClassificationReport } = await loadCore();
    const { report, ...rest } = r;
    ctx.result({ backend: backend.id, ...rest, confusionMatrix: report.confusionMatrix }, () => {
      const held = r.split.testSpeakers.length ? `, voices ${r.split.testSpeakers.join(', ')}` : '';
      return [
        `${r.message}\n`,
        `test split (${r.metrics.testSamples} recordings${held}):`,
        evaluationText(speech, formatClassificationReport(report), r),
        `accuracy ${r.metrics.accuracy.toFixed(4)} — model saved in ${r.artifactDir}`,
      ].join('\n');
    });
  },
});

import { resolve } from 'node:path';
import { formatClassificationReport, initBackend } from '@dl/core';
import {
  evaluateSpeechRecognizer,
  formatGroupAccuracy,
  loadSpeechDataset,
  loadSpeechRecognizer,
  type SpeechEvaluation,
  type SpeechSplit,
  SYNTH_ACCENTS,
  SYNTH_VARIANTS,
  synthSpeechDataset,
  synthVoices,
  trainSpeechRecognizer,
  writeSyntheticFsdd,
} from '@dl/speech';
import { defineCommand, defineGroup } from '../framework/spec';
import { MODEL_DIR_FLAG, OUT_FLAG, preflightOutput, RESUME_FLAG, SEED_FLAG } from './shared';

const SYNTH_FLAGS = {
  voices: {
    type: 'int',
    min: 1,
    max: SYNTH_ACCENTS.length * SYNTH_VARIANTS.length,
    default: 24,
    help: 'espeak-ng voices (accent × variant) to synthesise',
  },
  renditions: { type: 'int', min: 1, default: 5, help: 'recordings per voice and digit' },
  seed: { ...SEED_FLAG, default: 1 },
} as const;

const FSDD_DIR = {
  type: 'path',
  mustExist: true,
  placeholder: 'DIR',
  help: 'a Free Spoken Digit Dataset folder (recordings/<digit>_<speaker>_<index>.wav), any WAV rate or channel count',
} as const;

const TEST_SPEAKERS = {
  type: 'string',
  list: true,
  placeholder: 'A,B',
  help: 'the voices held out for testing (implies --split speaker)',
} as const;

function synthOptions(flags: { voices: number; renditions: number; seed: number }) {
  return { voices: synthVoices(flags.voices), renditions: flags.renditions, seed: flags.seed };
}

function splitOf(mode: 'standard' | 'speaker' | undefined, testSpeakers: string[] | undefined) {
  if (mode === undefined)
    return testSpeakers ? { mode: 'speaker' as const, testSpeakers } : undefined;
  return mode === 'standard' ? { mode } : { mode, testSpeakers };
}

function evaluationText(e: SpeechEvaluation): string {
  return [
    formatClassificationReport(e.report),
    formatGroupAccuracy('speaker', e.bySpeaker),
    formatGroupAccuracy('digit', e.byLabel),
    '',
  ].join('\n\n');
}

const synth = defineCommand({
  name: 'synth',
  summary: 'write an FSDD-layout folder of espeak-ng spoken digits',
  flags: { out: { ...OUT_FLAG, help: 'the folder to write (absent or empty)' }, ...SYNTH_FLAGS },
  async run(ctx) {
    const r = await writeSyntheticFsdd(resolve(ctx.flags.out), synthOptions(ctx.flags));
    ctx.result(r, () => `wrote ${r.files} recordings by ${r.speakers.length} voices to ${r.dir}`);
  },
});

const train = defineCommand({
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
    'seed-model': { type: 'boolean', help: 'the original architecture and features of SEEDS.md' },
    'no-augment': { type: 'boolean', help: 'train without noise / speed / SpecAugment' },
    epochs: {
      type: 'int',
      min: 1,
      defaultText: '30 (10 with --seed-model)',
      help: 'passes over the training data',
    },
    ...SYNTH_FLAGS,
    seed: SEED_FLAG,
    resume: RESUME_FLAG,
  },
  async run(ctx) {
    const { flags } = ctx;
    const outDir = resolve(flags.out);
    await preflightOutput(outDir, flags.resume);
    const backend = await initBackend();
    let data: Awaited<ReturnType<typeof loadSpeechDataset>>;
    if (flags.data) data = await loadSpeechDataset(flags.data);
    else {
      ctx.note('synthesising digits with espeak-ng …');
      data = await synthSpeechDataset(synthOptions({ ...flags, seed: flags.seed ?? 1 }));
    }
    const r = await trainSpeechRecognizer({
      data,
      split: splitOf(flags.split, flags['test-speakers']) as SpeechSplit | undefined,
      outDir,
      seedModel: flags['seed-model'],
      augment: flags['no-augment'] ? false : undefined,
      epochs: flags.epochs,
      seed: flags.seed,
      resume: flags.resume,
      progress: ctx.progress,
      progressOut: ctx.progressOut,
    });
    const { report, ...rest } = r;
    ctx.result({ backend: backend.id, ...rest, confusionMatrix: report.confusionMatrix }, () => {
      const held = r.split.testSpeakers.length ? `, voices ${r.split.testSpeakers.join(', ')}` : '';
      return [
        `${r.message}\n`,
        `test split (${r.metrics.testSamples} recordings${held}):`,
        evaluationText(r),
        `accuracy ${r.metrics.accuracy.toFixed(4)} — model saved in ${r.artifactDir}`,
      ].join('\n');
    });
  },
});

const evaluate = defineCommand({
  name: 'eval',
  summary: 'evaluate a trained model on an FSDD folder',
  flags: {
    model: MODEL_DIR_FLAG,
    data: { ...FSDD_DIR, required: true },
    split: {
      type: 'enum',
      values: ['standard', 'speaker', 'all'],
      defaultText: 'the split the model was trained with',
      help: 'which recordings to score; all: every recording',
    },
    'test-speakers': TEST_SPEAKERS,
  },
  async run(ctx) {
    const { flags } = ctx;
    const split =
      flags.split === 'all' ? ('all' as const) : splitOf(flags.split, flags['test-speakers']);
    await initBackend();
    const data = await loadSpeechDataset(flags.data);
    const e = await evaluateSpeechRecognizer(flags.model, data, { split: split as SpeechSplit });
    ctx.result(
      e,
      () =>
        `${evaluationText(e)}accuracy ${e.metrics.accuracy.toFixed(4)} on ${e.metrics.testSamples} recordings`,
    );
  },
});

const predict = defineCommand({
  name: 'predict',
  summary: 'recognise the digit spoken in each WAV file',
  positionals: [
    { name: 'MODEL', required: true, help: 'a trained model directory' },
    { name: 'FILE', required: true, variadic: true, help: 'WAV files (any rate, any channels)' },
  ],
  flags: { top: { type: 'int', min: 1, default: 3, help: 'how many ranked guesses to list' } },
  multiInput: true,
  examples: ['dl speech predict model 7_jackson_0.wav 3_theo_12.wav --json'],
  async run(ctx) {
    await initBackend();
    const recognizer = await loadSpeechRecognizer(ctx.args.MODEL);
    try {
      await ctx.eachInput(
        ctx.args.FILE,
        (file) => file,
        async (file) => {
          const p = await recognizer.predict(file, { topK: ctx.flags.top });
          const top = p.top.map((t) => `${t.label} ${t.probability.toFixed(3)}`).join(', ');
          return {
            data: { file, ...p },
            text: `${p.label}\t${p.probability.toFixed(3)}\t${file}\t[${top}]`,
          };
        },
      );
    } finally {
      recognizer.dispose();
    }
  },
});

export const speechCommand = defineGroup({
  name: 'speech',
  summary: 'spoken digits (MFCC/log-mel CNN): synth | train | eval | predict',
  commands: [synth, train, evaluate, predict],
});

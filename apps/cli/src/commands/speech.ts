import { resolve } from 'node:path';
import { DlError, formatClassificationReport, initBackend } from '@dl/core';
import {
  evaluateSpeechRecognizer,
  formatGroupAccuracy,
  loadSpeechDataset,
  loadSpeechRecognizer,
  type SpeechDataset,
  type SpeechEvaluation,
  type SpeechSplit,
  synthSpeechDataset,
  synthVoices,
  trainSpeechRecognizer,
  writeSyntheticFsdd,
} from '@dl/speech';
import { type Command, parseCommandArgs, positiveInt } from '../command';

const out = (s: string) => process.stdout.write(s);

function required(name: string, value: string | undefined): string {
  if (!value) throw new DlError('INVALID_ARGUMENT', `--${name} is required`);
  return value;
}

const USAGE = `usage:
  dl speech synth   --out DIR [--voices N] [--renditions N] [--seed N] [--json]
  dl speech train   --out DIR [--data DIR] [--split standard|speaker] [--test-speakers a,b]
                    [--seed-model] [--no-augment] [--epochs N] [--voices N] [--renditions N]
                    [--seed N] [--resume] [--json]
  dl speech eval    --model DIR --data DIR [--split standard|speaker|all] [--test-speakers a,b]
                    [--json]
  dl speech predict MODEL FILE.wav […] [--top N] [--json]

DIR for --data: a Free Spoken Digit Dataset folder (recordings/<digit>_<speaker>_<index>.wav),
any WAV rate or channel count. Without --data, train uses espeak-ng synthetic digits and holds
out a quarter of the voices; with it, FSDD's standard split (takes 0–4 are the test set).
--resume continues an interrupted train from DIR.checkpoints/last (saved after every epoch)
with the same data and options; --epochs may be raised.
`;

const SYNTH_OPTIONS = {
  voices: { type: 'string' },
  renditions: { type: 'string' },
  seed: { type: 'string' },
} as const;

function synthOptions(values: { voices?: string; renditions?: string; seed?: string }) {
  return {
    voices: synthVoices(positiveInt('voices', values.voices, 24)),
    renditions: positiveInt('renditions', values.renditions, 5),
    seed: positiveInt('seed', values.seed, 1),
  };
}

function splitOf(mode: string | undefined, speakers: string | undefined): SpeechSplit | undefined {
  const testSpeakers = speakers
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (mode === undefined) return testSpeakers ? { mode: 'speaker', testSpeakers } : undefined;
  if (mode === 'standard') return { mode: 'standard' };
  if (mode === 'speaker') return { mode: 'speaker', testSpeakers };
  throw new DlError('INVALID_ARGUMENT', `--split must be standard or speaker, got '${mode}'`);
}

function printEvaluation(e: SpeechEvaluation): void {
  out(`${formatClassificationReport(e.report)}\n\n`);
  out(`${formatGroupAccuracy('speaker', e.bySpeaker)}\n\n`);
  out(`${formatGroupAccuracy('digit', e.byLabel)}\n\n`);
}

async function synth(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs('speech synth', argv, {
    ...SYNTH_OPTIONS,
    out: { type: 'string' },
    json: { type: 'boolean' },
  });
  const outDir = resolve(required('out', values.out));
  const r = await writeSyntheticFsdd(outDir, synthOptions(values));
  if (values.json) out(`${JSON.stringify(r)}\n`);
  else out(`wrote ${r.files} recordings by ${r.speakers.length} voices to ${r.dir}\n`);
  return 0;
}

async function train(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs('speech train', argv, {
    ...SYNTH_OPTIONS,
    out: { type: 'string' },
    data: { type: 'string' },
    split: { type: 'string' },
    'test-speakers': { type: 'string' },
    'seed-model': { type: 'boolean' },
    'no-augment': { type: 'boolean' },
    epochs: { type: 'string' },
    resume: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  const outDir = resolve(required('out', values.out));
  const split = splitOf(values.split, values['test-speakers']);
  const backend = await initBackend();
  let data: SpeechDataset;
  if (values.data) data = await loadSpeechDataset(values.data);
  else {
    if (!values.json) out('synthesising digits with espeak-ng …\n');
    data = await synthSpeechDataset(synthOptions(values));
  }
  const r = await trainSpeechRecognizer({
    data,
    split,
    outDir,
    seedModel: values['seed-model'],
    augment: values['no-augment'] ? false : undefined,
    epochs: values.epochs ? positiveInt('epochs', values.epochs, 1) : undefined,
    seed: values.seed ? positiveInt('seed', values.seed, 1) : undefined,
    resume: values.resume,
    progress: values.json ? 'silent' : 'auto',
  });
  if (values.json) {
    const { report, ...rest } = r;
    out(
      `${JSON.stringify({ backend: backend.id, ...rest, confusionMatrix: report.confusionMatrix })}\n`,
    );
  } else {
    out(`${r.message}\n\n`);
    const held = r.split.testSpeakers.length ? `, voices ${r.split.testSpeakers.join(', ')}` : '';
    out(`test split (${r.metrics.testSamples} recordings${held}):\n`);
    printEvaluation(r);
    out(`accuracy ${r.metrics.accuracy.toFixed(4)} — model saved in ${r.artifactDir}\n`);
  }
  return 0;
}

async function evaluate(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs('speech eval', argv, {
    model: { type: 'string' },
    data: { type: 'string' },
    split: { type: 'string' },
    'test-speakers': { type: 'string' },
    json: { type: 'boolean' },
  });
  const modelDir = required('model', values.model);
  const split = values.split === 'all' ? 'all' : splitOf(values.split, values['test-speakers']);
  await initBackend();
  const data = await loadSpeechDataset(required('data', values.data));
  const e = await evaluateSpeechRecognizer(modelDir, data, { split });
  if (values.json) out(`${JSON.stringify(e)}\n`);
  else {
    printEvaluation(e);
    out(`accuracy ${e.metrics.accuracy.toFixed(4)} on ${e.metrics.testSamples} recordings\n`);
  }
  return 0;
}

async function predict(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('speech predict', argv, {
    top: { type: 'string' },
    json: { type: 'boolean' },
  });
  const [modelDir, ...files] = positionals;
  if (!modelDir || files.length === 0) {
    throw new DlError(
      'INVALID_ARGUMENT',
      'dl speech predict needs MODEL and at least one WAV file',
    );
  }
  const topK = positiveInt('top', values.top, 3);
  await initBackend();
  const recognizer = await loadSpeechRecognizer(modelDir);
  try {
    for (const file of files) {
      const p = await recognizer.predict(file, { topK });
      if (values.json) out(`${JSON.stringify({ file, ...p })}\n`);
      else {
        const top = p.top.map((t) => `${t.label} ${t.probability.toFixed(3)}`).join(', ');
        out(`${p.label}\t${p.probability.toFixed(3)}\t${file}\t[${top}]\n`);
      }
    }
  } finally {
    recognizer.dispose();
  }
  return 0;
}

const SUB: Record<string, (argv: string[]) => Promise<number>> = {
  synth,
  train,
  eval: evaluate,
  predict,
};

export const speechCommand: Command = {
  summary: 'spoken digits (MFCC/log-mel CNN): synth | train | eval | predict',
  async run(argv) {
    const [sub, ...rest] = argv;
    const help = sub === '--help' || sub === '-h';
    if (!sub || help || !SUB[sub]) {
      (sub && !help ? process.stderr : process.stdout).write(
        `${sub && !help ? `dl speech: unknown subcommand '${sub}'\n\n` : ''}${USAGE}`,
      );
      return help ? 0 : 2;
    }
    return SUB[sub](rest);
  },
};

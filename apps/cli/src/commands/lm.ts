import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { DlError, initBackend } from '@dl/core';
import {
  LM_DEFAULTS,
  type LmArchitecture,
  type LmConfig,
  type LmDataset,
  type LmEvaluation,
  loadLanguageModel,
  loadPtbDataset,
  loadTextSplit,
  synthLmCorpus,
  type TextSplit,
  trainLm,
} from '@dl/text-lm';
import { type Command, parseCommandArgs, positiveInt } from '../command';

const out = (s: string) => process.stdout.write(s);
const warn = (lines: readonly string[]) => {
  for (const l of lines) process.stderr.write(`warning: ${l}\n`);
};

function required(name: string, value: string | undefined): string {
  if (!value) throw new DlError('INVALID_ARGUMENT', `--${name} is required`);
  return value;
}

function number(
  name: string,
  value: string | undefined,
  check: (n: number) => boolean,
  what: string,
) {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !check(n)) {
    throw new DlError('INVALID_ARGUMENT', `--${name} must be ${what}, got '${value}'`);
  }
  return n;
}
const positive = (name: string, v: string | undefined) =>
  number(name, v, (n) => n > 0, 'a positive number');
const int = (name: string, v: string | undefined) =>
  v === undefined ? undefined : positiveInt(name, v, 1);

function oneOf<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `--${name} must be one of ${allowed.join(', ')}, got '${value}'`,
    );
  }
  return value as T;
}

const fmt = (v: number, digits = 2) => (Number.isFinite(v) ? v.toFixed(digits) : String(v));

const USAGE = `usage:
  dl lm train    --out DIR (--data PTB_DIR | --synthetic) [--model lstm|seed] [--epochs N]
                 [--regime stream|padded] [--layers N] [--units N] [--embedding N] [--dropout X]
                 [--tied] [--steps N] [--batch N] [--optimizer sgd|adam] [--lr X] [--lr-decay X]
                 [--decay-after N] [--clip X] [--max-vocab N] [--seed N] [--max-batches N]
                 [--sampled-softmax N] [--synthetic-sentences N] [--resume] [--json]
  dl lm eval     --model DIR --data FILE|PTB_DIR [--split test|valid|train] [--json]
  dl lm generate MODEL [--prompt TEXT] [--count N] [--max-tokens N] [--temperature X]
                 [--top-k N] [--top-p X] [--seed N] [--json]
  dl lm score    MODEL "sentence" […] | --file FILE [--json]

PTB_DIR holds ptb.train.txt, ptb.valid.txt and ptb.test.txt (one sentence per line, words
separated by spaces, UTF-8). The default model is Zaremba et al. (2014)'s small LSTM
(${LM_DEFAULTS.layers} × ${LM_DEFAULTS.units}, ${LM_DEFAULTS.epochs} epochs, SGD lr ${LM_DEFAULTS.learningRate} halved after epoch ${LM_DEFAULTS.decayAfter}, clip ${LM_DEFAULTS.clipNorm}, BPTT ${LM_DEFAULTS.steps} × batch ${LM_DEFAULTS.batchSize});
--model seed is SEEDS.md §2 (padded sentences of 30). --sampled-softmax N trains on N
log-uniform samples a batch instead of the whole vocabulary (~2× faster on PTB's 10,000 words;
evaluation stays full-softmax). --synthetic trains on sentences from a
probabilistic grammar whose true perplexity is known. --resume continues an interrupted run
from DIR.checkpoints/last (saved after every epoch) with the same data and options; --epochs
may be raised. Perplexity is exp(mean NLL per word and
</s>), full softmax, padding never counted. Score: log-probabilities in nats, surprisal in bits.
`;

async function train(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs('lm train', argv, {
    out: { type: 'string' },
    data: { type: 'string' },
    synthetic: { type: 'boolean' },
    'synthetic-sentences': { type: 'string' },
    model: { type: 'string' },
    regime: { type: 'string' },
    epochs: { type: 'string' },
    layers: { type: 'string' },
    units: { type: 'string' },
    embedding: { type: 'string' },
    dropout: { type: 'string' },
    tied: { type: 'boolean' },
    steps: { type: 'string' },
    batch: { type: 'string' },
    optimizer: { type: 'string' },
    lr: { type: 'string' },
    'lr-decay': { type: 'string' },
    'decay-after': { type: 'string' },
    clip: { type: 'string' },
    'sampled-softmax': { type: 'string' },
    'max-vocab': { type: 'string' },
    'max-batches': { type: 'string' },
    seed: { type: 'string' },
    resume: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  const outDir = resolve(required('out', values.out));
  if (!values.data && !values.synthetic) {
    throw new DlError('INVALID_ARGUMENT', '--data PTB_DIR or --synthetic is required');
  }
  if (values.data && values.synthetic) {
    throw new DlError('INVALID_ARGUMENT', 'give either --data or --synthetic, not both');
  }
  const architecture = oneOf<LmArchitecture>('model', values.model, ['lstm', 'seed']) ?? 'lstm';
  const overrides: Partial<LmConfig> = {
    regime: oneOf('regime', values.regime, ['stream', 'padded'] as const),
    epochs: int('epochs', values.epochs),
    layers: int('layers', values.layers),
    units: int('units', values.units),
    embeddingDim: int('embedding', values.embedding),
    dropout: number('dropout', values.dropout, (n) => n >= 0 && n < 1, 'a number in [0, 1)'),
    tiedEmbeddings: values.tied,
    steps: int('steps', values.steps),
    batchSize: int('batch', values.batch),
    optimizer: oneOf('optimizer', values.optimizer, ['sgd', 'adam'] as const),
    learningRate: positive('lr', values.lr),
    lrDecay: positive('lr-decay', values['lr-decay']),
    decayAfter: int('decay-after', values['decay-after']),
    clipNorm: number('clip', values.clip, (n) => n >= 0, 'a number ≥ 0 (0: no clipping)'),
    maxVocab: int('max-vocab', values['max-vocab']),
    sampledSoftmax: number(
      'sampled-softmax',
      values['sampled-softmax'],
      (n) => Number.isInteger(n) && n >= 0,
      'an integer ≥ 0 (0: full softmax)',
    ),
  };
  const seed = positiveInt('seed', values.seed, 1);
  const backend = await initBackend();
  let data: LmDataset;
  let truePerplexity: number | undefined;
  if (values.data) data = await loadPtbDataset(resolve(values.data));
  else {
    const n = positiveInt('synthetic-sentences', values['synthetic-sentences'], 3000);
    const synth = synthLmCorpus({
      train: n,
      validation: Math.max(1, Math.round(n / 10)),
      test: Math.max(1, Math.round(n / 10)),
      seed,
    });
    truePerplexity = synth.truth.testPerplexity;
    data = synth;
  }
  const r = await trainLm({
    data,
    outDir,
    architecture,
    ...overrides,
    seed,
    maxBatchesPerEpoch: int('max-batches', values['max-batches']),
    resume: values.resume,
    progress: values.json ? 'silent' : 'auto',
  });
  warn(r.warnings);
  if (values.json) {
    out(
      `${JSON.stringify({
        backend: backend.id,
        threads: backend.threads,
        artifactDir: r.artifactDir,
        metrics: r.metrics,
        ...(truePerplexity !== undefined ? { truePerplexity } : {}),
        config: r.config,
        vocabularySize: r.vocabularySize,
        parameters: r.parameters,
        seconds: r.seconds,
        history: r.history,
        warnings: r.warnings,
        message: r.message,
      })}\n`,
    );
  } else {
    const m = r.metrics;
    out(`${r.message}\n`);
    out(
      `${r.parameters.toLocaleString('en-US')} parameters, vocabulary ${r.vocabularySize.toLocaleString('en-US')}, ${backend.id} × ${backend.threads} thread(s), ${fmt(m.trainTokensPerSecond, 0)} training tokens/s, ${fmt(r.seconds, 1)} s\n`,
    );
    out(`validation perplexity ${fmt(m.valPerplexity)}  accuracy ${fmt(m.valAccuracy, 4)}\n`);
    out(
      `test perplexity       ${fmt(m.testPerplexity)}  accuracy ${fmt(m.testAccuracy, 4)}  (${m.testTargets.toLocaleString('en-US')} tokens)\n`,
    );
    if (truePerplexity !== undefined) {
      out(
        `the grammar's true test perplexity ${fmt(truePerplexity)} (model ÷ true = ${fmt(m.testPerplexity / truePerplexity, 3)})\n`,
      );
    }
    out(`model saved in ${r.artifactDir}\n`);
  }
  return 0;
}

/** A file of sentences, or a PTB directory's split. */
async function splitOf(path: string, split: string): Promise<TextSplit> {
  if (existsSync(path) && statSync(path).isDirectory()) {
    const d = await loadPtbDataset(path);
    return split === 'train' ? d.train : split === 'valid' ? d.validation : d.test;
  }
  return loadTextSplit(path);
}

function printEvaluation(e: LmEvaluation, json: boolean, extra: Record<string, unknown> = {}) {
  warn(e.warnings);
  if (json) out(`${JSON.stringify({ ...extra, ...e })}\n`);
  else
    out(
      `perplexity ${fmt(e.perplexity)}  (mean NLL ${fmt(e.nll, 4)} nats)  accuracy ${fmt(e.accuracy, 4)}  on ${e.targets.toLocaleString('en-US')} tokens of ${e.sentences.toLocaleString('en-US')} sentences, ${e.oovWords.toLocaleString('en-US')} out-of-vocabulary\n`,
    );
}

async function evaluate(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs('lm eval', argv, {
    model: { type: 'string' },
    data: { type: 'string' },
    split: { type: 'string' },
    json: { type: 'boolean' },
  });
  const modelDir = required('model', values.model);
  const split = oneOf('split', values.split, ['test', 'valid', 'train'] as const) ?? 'test';
  await initBackend();
  const data = await splitOf(resolve(required('data', values.data)), split);
  const lm = await loadLanguageModel(modelDir);
  try {
    printEvaluation(await lm.perplexity(data), Boolean(values.json), { file: data.file });
  } finally {
    lm.dispose();
  }
  return 0;
}

async function generate(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('lm generate', argv, {
    prompt: { type: 'string' },
    count: { type: 'string' },
    'max-tokens': { type: 'string' },
    temperature: { type: 'string' },
    'top-k': { type: 'string' },
    'top-p': { type: 'string' },
    seed: { type: 'string' },
    json: { type: 'boolean' },
  });
  const [modelDir] = positionals;
  if (!modelDir) throw new DlError('INVALID_ARGUMENT', 'dl lm generate needs MODEL');
  const count = positiveInt('count', values.count, 1);
  const seed = positiveInt('seed', values.seed, 1);
  const options = {
    prompt: values.prompt,
    maxTokens: int('max-tokens', values['max-tokens']),
    temperature: number('temperature', values.temperature, (n) => n >= 0, 'a number ≥ 0'),
    topK: number('top-k', values['top-k'], (n) => Number.isInteger(n) && n >= 0, 'an integer ≥ 0'),
    topP: number('top-p', values['top-p'], (n) => n > 0 && n <= 1, 'a number in (0, 1]'),
  };
  await initBackend();
  const lm = await loadLanguageModel(modelDir);
  try {
    for (let i = 0; i < count; i++) {
      // Each sample has its own seed, so sample i is the same whatever --count is.
      const g = lm.generate({ ...options, seed: seed + i });
      if (values.json) out(`${JSON.stringify({ seed: seed + i, ...g })}\n`);
      else out(`${g.text}${g.ended ? '' : ' …'}\n`);
    }
  } finally {
    lm.dispose();
  }
  return 0;
}

async function score(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('lm score', argv, {
    file: { type: 'string' },
    json: { type: 'boolean' },
  });
  const [modelDir, ...texts] = positionals;
  if (!modelDir || (texts.length === 0 && !values.file)) {
    throw new DlError('INVALID_ARGUMENT', 'dl lm score needs MODEL and sentences (or --file FILE)');
  }
  await initBackend();
  const sentences = values.file
    ? (await loadTextSplit(resolve(values.file))).sentences.map((s) => s.join(' '))
    : texts;
  const lm = await loadLanguageModel(modelDir);
  try {
    for (const text of sentences) {
      const s = lm.score(text);
      if (values.json) out(`${JSON.stringify({ text, ...s })}\n`);
      else {
        out(
          `${fmt(s.logProb, 3)} nats  ${fmt(s.surprisalBits, 2)} bits  perplexity ${fmt(s.perplexity)}  ${text}\n`,
        );
        out(
          `  ${s.perToken.map((t) => `${t.token}${t.oov ? '(oov)' : ''}:${fmt(t.surprisal, 1)}`).join(' ')}\n`,
        );
      }
    }
  } finally {
    lm.dispose();
  }
  return 0;
}

const SUB: Record<string, (argv: string[]) => Promise<number>> = {
  train,
  eval: evaluate,
  generate,
  score,
};

export const lmCommand: Command = {
  summary: 'word-level LSTM language model (PTB): train | eval | generate | score',
  async run(argv) {
    const [sub, ...rest] = argv;
    const help = sub === '--help' || sub === '-h';
    if (!sub || help || !SUB[sub]) {
      (sub && !help ? process.stderr : process.stdout).write(
        `${sub && !help ? `dl lm: unknown subcommand '${sub}'\n\n` : ''}${USAGE}`,
      );
      return help ? 0 : 2;
    }
    return SUB[sub](rest);
  },
};

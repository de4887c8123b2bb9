import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { DlError, initBackend } from '@dl/core';
import {
  LM_DEFAULTS,
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
import { defineCommand, defineGroup } from '../framework/spec';
import { trainText } from './lm-text';
import { MODEL_DIR_FLAG, OUT_FLAG, preflightOutput, RESUME_FLAG } from './shared';

const D = LM_DEFAULTS;
const int = (help: string, defaultText: unknown, min = 1) =>
  ({ type: 'int', min, defaultText: String(defaultText), help }) as const;

const TRAIN_FLAGS = {
  out: OUT_FLAG,
  data: {
    type: 'path',
    mustExist: true,
    placeholder: 'PTB_DIR',
    help: 'a folder with ptb.train.txt, ptb.valid.txt and ptb.test.txt (one sentence per line, words separated by spaces, UTF-8)',
  },
  synthetic: {
    type: 'boolean',
    help: 'train on sentences of a probabilistic grammar whose true perplexity is known',
  },
  'synthetic-sentences': {
    type: 'int',
    min: 1,
    default: 3000,
    help: 'training sentences of the grammar (validation and test: a tenth each)',
  },
  model: {
    type: 'enum',
    values: ['lstm', 'seed'],
    default: 'lstm',
    help: "lstm: Zaremba et al. (2014)'s small LSTM; seed: SEEDS.md §2 (padded sentences of 30)",
  },
  regime: {
    type: 'enum',
    values: ['stream', 'padded'],
    defaultText: `${D.regime} (padded with --model seed)`,
    help: 'stream: truncated BPTT over the running text; padded: one sentence a row',
  },
  epochs: int('passes over the training data', D.epochs),
  layers: int('LSTM layers', D.layers),
  units: int('LSTM units a layer', D.units),
  embedding: int('word embedding size', D.embeddingDim),
  dropout: {
    type: 'number',
    min: 0,
    max: 1,
    maxExclusive: true,
    defaultText: String(D.dropout),
    help: 'dropout between layers',
  },
  tied: { type: 'boolean', help: 'share the input embedding and the output projection' },
  steps: int('BPTT steps (stream) or tokens a row (padded)', D.steps),
  batch: int('rows a batch', D.batchSize),
  optimizer: {
    type: 'enum',
    values: ['sgd', 'adam'],
    defaultText: D.optimizer,
    help: 'the optimizer',
  },
  lr: {
    type: 'number',
    min: 0,
    minExclusive: true,
    defaultText: String(D.learningRate),
    help: 'learning rate',
  },
  'lr-decay': {
    type: 'number',
    min: 0,
    minExclusive: true,
    defaultText: String(D.lrDecay),
    help: 'learning-rate factor each epoch after --decay-after',
  },
  'decay-after': int('epochs at the full learning rate', D.decayAfter),
  clip: {
    type: 'number',
    min: 0,
    defaultText: String(D.clipNorm),
    help: 'clip gradients to this global L2 norm (0: no clipping)',
  },
  'sampled-softmax': int(
    'train on N log-uniform samples a batch instead of the whole vocabulary (~2× faster on PTB; evaluation stays full-softmax); 0: full softmax',
    D.sampledSoftmax,
    0,
  ),
  'max-vocab': int('most frequent words kept (the rest become <unk>)', D.maxVocab),
  'max-batches': int('stop each epoch after N batches (quick trials)', 'all'),
  seed: { type: 'int', min: 1, default: 1, help: 'seeds the initialisation, dropout and sampling' },
  resume: RESUME_FLAG,
} as const;

function configOf(f: {
  regime?: 'stream' | 'padded';
  epochs?: number;
  layers?: number;
  units?: number;
  embedding?: number;
  dropout?: number;
  tied: boolean;
  steps?: number;
  batch?: number;
  optimizer?: 'sgd' | 'adam';
  lr?: number;
  'lr-decay'?: number;
  'decay-after'?: number;
  clip?: number;
  'sampled-softmax'?: number;
  'max-vocab'?: number;
}): Partial<LmConfig> {
  return {
    regime: f.regime,
    epochs: f.epochs,
    layers: f.layers,
    units: f.units,
    embeddingDim: f.embedding,
    dropout: f.dropout,
    tiedEmbeddings: f.tied || undefined,
    steps: f.steps,
    batchSize: f.batch,
    optimizer: f.optimizer,
    learningRate: f.lr,
    lrDecay: f['lr-decay'],
    decayAfter: f['decay-after'],
    clipNorm: f.clip,
    sampledSoftmax: f['sampled-softmax'],
    maxVocab: f['max-vocab'],
  };
}

const train = defineCommand({
  name: 'train',
  summary: 'train a word-level LSTM language model on Penn Treebank or a synthetic grammar',
  description: `The default model is Zaremba et al. (2014)'s small LSTM (${D.layers} × ${D.units}, ${D.epochs} epochs, SGD lr ${D.learningRate} halved after epoch ${D.decayAfter}, clip ${D.clipNorm}, BPTT ${D.steps} × batch ${D.batchSize}). Perplexity is exp(mean NLL per word and </s>), full softmax, padding never counted.`,
  flags: TRAIN_FLAGS,
  examples: ['dl lm train --synthetic --out lm --epochs 2 --units 32'],
  async run(ctx) {
    const { flags } = ctx;
    if (!flags.data && !flags.synthetic) {
      throw new DlError('INVALID_ARGUMENT', '--data PTB_DIR or --synthetic is required');
    }
    if (flags.data && flags.synthetic) {
      throw new DlError('INVALID_ARGUMENT', 'give either --data or --synthetic, not both');
    }
    const outDir = resolve(flags.out);
    await preflightOutput(outDir, flags.resume);
    const backend = await initBackend();
    let data: LmDataset;
    let truePerplexity: number | undefined;
    if (flags.data) data = await loadPtbDataset(resolve(flags.data));
    else {
      const n = flags['synthetic-sentences'];
      const tenth = Math.max(1, Math.round(n / 10));
      const synth = synthLmCorpus({ train: n, validation: tenth, test: tenth, seed: flags.seed });
      truePerplexity = synth.truth.testPerplexity;
      data = synth;
    }
    const r = await trainLm({
      data,
      outDir,
      architecture: flags.model,
      ...configOf(flags),
      seed: flags.seed,
      maxBatchesPerEpoch: flags['max-batches'],
      resume: flags.resume,
      progress: ctx.progress,
      progressOut: ctx.progressOut,
    });
    ctx.warn(r.warnings);
    ctx.result(
      {
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
      },
      () => trainText(r, backend, truePerplexity),
    );
  },
});

/** A file of sentences, or a PTB directory's split. */
async function splitOf(path: string, split: 'test' | 'valid' | 'train'): Promise<TextSplit> {
  if (existsSync(path) && statSync(path).isDirectory()) {
    const d = await loadPtbDataset(path);
    return split === 'train' ? d.train : split === 'valid' ? d.validation : d.test;
  }
  return loadTextSplit(path);
}

const fmt = (v: number, digits = 2) => (Number.isFinite(v) ? v.toFixed(digits) : String(v));
const count = (n: number) => n.toLocaleString('en-US');

function evaluationText(e: LmEvaluation): string {
  return `perplexity ${fmt(e.perplexity)}  (mean NLL ${fmt(e.nll, 4)} nats)  accuracy ${fmt(e.accuracy, 4)}  on ${count(e.targets)} tokens of ${count(e.sentences)} sentences, ${count(e.oovWords)} out-of-vocabulary`;
}

const evaluate = defineCommand({
  name: 'eval',
  summary: 'perplexity and next-word accuracy on a file of sentences or a PTB split',
  flags: {
    model: MODEL_DIR_FLAG,
    data: {
      type: 'path',
      required: true,
      mustExist: true,
      placeholder: 'FILE|PTB_DIR',
      help: 'a file of sentences (one a line) or a Penn Treebank folder',
    },
    split: {
      type: 'enum',
      values: ['test', 'valid', 'train'],
      default: 'test',
      help: 'which split of a PTB folder',
    },
  },
  async run(ctx) {
    await initBackend();
    const data = await splitOf(resolve(ctx.flags.data), ctx.flags.split);
    const lm = await loadLanguageModel(ctx.flags.model);
    try {
      const e = await lm.perplexity(data);
      ctx.warn(e.warnings);
      ctx.result({ file: data.file, ...e }, () => evaluationText(e));
    } finally {
      lm.dispose();
    }
  },
});

const MODEL_ARG = { name: 'MODEL', required: true, help: 'a trained model directory' } as const;

const generate = defineCommand({
  name: 'generate',
  summary: 'sample sentences (seeded: the same seed gives the same text)',
  positionals: [MODEL_ARG],
  flags: {
    prompt: { type: 'string', help: 'words to continue; default: a new sentence' },
    count: { type: 'int', min: 1, default: 1, help: 'samples; sample i uses seed + i' },
    'max-tokens': int('stop after N tokens if </s> has not come', 50),
    temperature: {
      type: 'number',
      min: 0,
      defaultText: '1',
      help: 'sharpen (< 1) or flatten (> 1) the distribution; 0: greedy',
    },
    'top-k': int('sample among the K likeliest words only (0: all)', 0, 0),
    'top-p': {
      type: 'number',
      min: 0,
      max: 1,
      minExclusive: true,
      defaultText: '1',
      help: 'nucleus sampling: the likeliest words whose probabilities sum to P',
    },
    seed: { type: 'int', min: 1, default: 1, help: 'seed of the first sample' },
  },
  multiInput: true,
  async run(ctx) {
    const { flags } = ctx;
    const options = {
      prompt: flags.prompt,
      maxTokens: flags['max-tokens'],
      temperature: flags.temperature,
      topK: flags['top-k'],
      topP: flags['top-p'],
    };
    await initBackend();
    const lm = await loadLanguageModel(ctx.args.MODEL);
    // Each sample has its own seed, so sample i is the same whatever --count is.
    const seeds = Array.from({ length: flags.count }, (_, i) => flags.seed + i);
    try {
      await ctx.eachInput(
        seeds,
        (seed) => `seed ${seed}`,
        async (seed) => {
          const g = lm.generate({ ...options, seed });
          return { data: { seed, ...g }, text: `${g.text}${g.ended ? '' : ' …'}` };
        },
      );
    } finally {
      lm.dispose();
    }
  },
});

function checkSentence(text: string): void {
  if (text.trim() === '') {
    throw new DlError('DATA_INVALID', 'the sentence is empty: there is nothing to score');
  }
}

const score = defineCommand({
  name: 'score',
  summary: 'log-probability (nats) and per-token surprisal (bits) of sentences',
  positionals: [
    MODEL_ARG,
    { name: 'SENTENCE', variadic: true, help: 'sentences to score (quote each), or --file' },
  ],
  flags: {
    file: {
      type: 'path',
      mustExist: true,
      placeholder: 'FILE',
      help: 'score every line of a UTF-8 file instead',
    },
  },
  multiInput: true,
  async run(ctx) {
    const texts = ctx.args.SENTENCE;
    if (texts.length === 0 && !ctx.flags.file) {
      throw new DlError('INVALID_ARGUMENT', 'dl lm score needs sentences (or --file FILE)');
    }
    await initBackend();
    const sentences = ctx.flags.file
      ? (await loadTextSplit(resolve(ctx.flags.file))).sentences.map((s) => s.join(' '))
      : texts;
    const lm = await loadLanguageModel(ctx.args.MODEL);
    try {
      await ctx.eachInput(
        sentences,
        (text) => text,
        async (text) => {
          checkSentence(text);
          const s = lm.score(text);
          const tokens = s.perToken.map(
            (t) => `${t.token}${t.oov ? '(oov)' : ''}:${fmt(t.surprisal, 1)}`,
          );
          return {
            data: { text, ...s },
            text: `${fmt(s.logProb, 3)} nats  ${fmt(s.surprisalBits, 2)} bits  perplexity ${fmt(s.perplexity)}  ${text}\n  ${tokens.join(' ')}`,
          };
        },
      );
    } finally {
      lm.dispose();
    }
  },
});

export const lmCommand = defineGroup({
  name: 'lm',
  summary: 'word-level LSTM language model (PTB): train | eval | generate | score',
  commands: [train, evaluate, generate, score],
});

import { resolve } from 'node:path';
import type { LmConfig, LmDataset } from '@dl/text-lm';
import { defineCommand } from '../../framework/spec';
import {
  architectureFlag,
  deprecatedFlag,
  OUT_FLAG,
  preflightOutput,
  RESUME_FLAG,
  resolveArchitecture,
  startBackend,
  usageError,
} from '../shared';
import { LM_HELP_DEFAULTS as D } from './defaults';
import { int } from './format';
import { trainText } from './text';

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
  architecture: architectureFlag(
    ['default', 'seed'],
    "default: Zaremba et al. (2014)'s small LSTM; seed: SEEDS.md §2 (padded sentences of 30)",
  ),
  model: deprecatedFlag({
    type: 'enum',
    values: ['lstm', 'seed'],
    help: 'use --architecture (lstm is now default)',
  }),
  regime: {
    type: 'enum',
    values: ['stream', 'padded'],
    defaultText: `${D.regime} (padded with --architecture seed)`,
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

export const lmTrain = defineCommand({
  name: 'train',
  summary: 'train a word-level LSTM language model on Penn Treebank or a synthetic grammar',
  description: `The default model is Zaremba et al. (2014)'s small LSTM (${D.layers} × ${D.units}, ${D.epochs} epochs, SGD lr ${D.learningRate} halved after epoch ${D.decayAfter}, clip ${D.clipNorm}, BPTT ${D.steps} × batch ${D.batchSize}). Perplexity is exp(mean NLL per word and </s>), full softmax, padding never counted.`,
  flags: TRAIN_FLAGS,
  examples: ['dl lm train --synthetic --out lm --epochs 2 --units 32'],
  async run(ctx) {
    const { flags } = ctx;
    if (!flags.data && !flags.synthetic) {
      throw usageError('--data PTB_DIR or --synthetic is required');
    }
    if (flags.data && flags.synthetic) {
      throw usageError('give either --data or --synthetic, not both');
    }
    const architecture = resolveArchitecture(
      flags.architecture,
      { flag: '--model', means: flags.model && (flags.model === 'lstm' ? 'default' : 'seed') },
      ctx.warn,
    );
    const outDir = resolve(flags.out);
    await preflightOutput(outDir, flags.resume);
    const backend = await startBackend();
    const lm = await import('@dl/text-lm');
    let data: LmDataset;
    let truePerplexity: number | undefined;
    if (flags.data) data = await lm.loadLmDataset(resolve(flags.data));
    else {
      const n = flags['synthetic-sentences'];
      const tenth = Math.max(1, Math.round(n / 10));
      const synth = lm.synthLmCorpus({
        train: n,
        validation: tenth,
        test: tenth,
        seed: flags.seed,
      });
      truePerplexity = synth.truth.testPerplexity;
      data = synth;
    }
    const r = await lm.trainLm({
      data,
      outDir,
      architecture,
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
        stopReason: r.stopReason,
        message: r.message,
      },
      () => trainText(r, backend, truePerplexity),
    );
  },
});

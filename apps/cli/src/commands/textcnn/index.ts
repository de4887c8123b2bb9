import { resolve } from 'node:path';
import { DlError, formatClassificationReport, initBackend } from '@dl/core';
import {
  compareTextClassifiers,
  DEFAULT_MAX_LEN,
  evaluateTextClassifier,
  loadSentenceDataset,
  loadTextClassifier,
  type SentenceDataset,
  synthSentiment,
  TEXT_MODEL_KINDS,
  tokenize,
  trainTextClassifier,
} from '@dl/textcnn';
import { defineCommand, defineGroup } from '../framework/spec';
import { MODEL_DIR_FLAG, OUT_FLAG, preflightOutput, RESUME_FLAG, SEED_FLAG } from './shared';

const SENTENCES = {
  type: 'path',
  placeholder: 'PATH',
  help: 'an MR-style pair (NAME.pos / NAME.neg, or their folder) or a CSV/TSV of label,text (the SMS Spam Collection); without it, synthetic sentiment sentences',
} as const;

const DATA_FLAGS = {
  data: SENTENCES,
  'synthetic-count': {
    type: 'int',
    min: 1,
    default: 2000,
    help: 'synthetic sentences (without --data)',
  },
  seed: SEED_FLAG,
} as const;

const EMBEDDINGS = {
  type: 'path',
  mustExist: true,
  placeholder: 'FILE',
  help: 'a GloVe or word2vec text file (needed by cnn-static, cnn-non-static, cnn-multichannel)',
} as const;

const EPOCHS = {
  type: 'int',
  min: 1,
  defaultText: '10',
  help: 'CNN passes over the training data',
} as const;

async function dataOf(flags: {
  data?: string;
  'synthetic-count': number;
  seed?: number;
}): Promise<SentenceDataset> {
  if (flags.data) return loadSentenceDataset(flags.data);
  return synthSentiment({ count: flags['synthetic-count'], seed: flags.seed ?? 1 });
}

const train = defineCommand({
  name: 'train',
  summary: 'train a TextCNN variant or the TF-IDF baseline',
  description:
    '--resume continues an interrupted CNN train; the tfidf baseline is fitted in one go and has nothing to resume.',
  flags: {
    model: {
      type: 'enum',
      values: TEXT_MODEL_KINDS,
      required: true,
      help: 'the classifier: a TextCNN variant (Kim 2014) or the TF-IDF + logistic regression baseline',
    },
    out: OUT_FLAG,
    ...DATA_FLAGS,
    test: {
      ...SENTENCES,
      help: 'a separate test set (same formats as --data); default: a held-out split',
    },
    embeddings: EMBEDDINGS,
    epochs: EPOCHS,
    'max-len': {
      type: 'int',
      min: 1,
      defaultText: String(DEFAULT_MAX_LEN),
      help: 'tokens per sentence (longer ones are cut)',
    },
    resume: RESUME_FLAG,
  },
  async run(ctx) {
    const { flags } = ctx;
    if (flags.model === 'tfidf' && flags.resume) {
      throw new DlError(
        'INVALID_ARGUMENT',
        'the tfidf baseline is fitted in one go (no epochs, no checkpoints): there is nothing to resume; train it without --resume',
      );
    }
    const outDir = resolve(flags.out);
    await preflightOutput(outDir, flags.resume);
    const backend = await initBackend();
    const data = await dataOf(flags);
    const r = await trainTextClassifier({
      model: flags.model,
      data,
      testData: flags.test ? await loadSentenceDataset(flags.test) : undefined,
      outDir,
      embeddingsFile: flags.embeddings,
      epochs: flags.epochs,
      maxLen: flags['max-len'],
      seed: flags.seed,
      resume: flags.resume,
      progress: ctx.progress,
      progressOut: ctx.progressOut,
    });
    const { artifactDir, metrics, coverage, history, message } = r;
    ctx.result({ backend: backend.id, artifactDir, metrics, coverage, history, message }, () =>
      [
        ...(coverage
          ? [
              `embeddings cover ${coverage.found}/${coverage.total} words (${(100 * coverage.ratio).toFixed(1)}%)`,
            ]
          : []),
        `${message}\n`,
        `held-out test split (${metrics.testSamples} sentences):`,
        formatClassificationReport(r.report),
        `accuracy ${metrics.accuracy.toFixed(4)} — model saved in ${artifactDir}`,
      ].join('\n'),
    );
  },
});

const evaluate = defineCommand({
  name: 'eval',
  summary: 'evaluate a trained classifier on labelled sentences',
  flags: { model: MODEL_DIR_FLAG, data: { ...SENTENCES, required: true } },
  async run(ctx) {
    await initBackend();
    const data = await loadSentenceDataset(ctx.flags.data);
    const report = await evaluateTextClassifier(ctx.flags.model, data);
    ctx.result(
      report,
      () =>
        `${formatClassificationReport(report)}\naccuracy ${report.accuracy.toFixed(4)} on ${report.support} sentences`,
    );
  },
});

/** A sentence with no word left after cleaning has nothing to classify. */
function checkSentence(text: string): void {
  if (tokenize(text).length === 0) {
    throw new DlError(
      'DATA_INVALID',
      `the sentence ${JSON.stringify(text)} has no words (after lower-casing and removing punctuation)`,
    );
  }
}

const predict = defineCommand({
  name: 'predict',
  summary: 'classify sentences, with the n-grams that decided each',
  positionals: [
    { name: 'MODEL', required: true, help: 'a trained model directory' },
    {
      name: 'SENTENCE',
      required: true,
      variadic: true,
      help: 'sentences to classify (quote each)',
    },
  ],
  multiInput: true,
  examples: ['dl textcnn predict model "a wonderful film" "a dreadful plot" --json'],
  async run(ctx) {
    await initBackend();
    const classifier = await loadTextClassifier(ctx.args.MODEL);
    try {
      await ctx.eachInput(
        ctx.args.SENTENCE,
        (text) => text,
        async (text) => {
          checkSentence(text);
          const p = classifier.predict(text);
          return {
            data: { text, ...p },
            text: `${p.label}\t${p.probability.toFixed(3)}\t${text}\t[${p.explanation.join(' | ')}]`,
          };
        },
      );
    } finally {
      classifier.dispose();
    }
  },
});

const compare = defineCommand({
  name: 'compare',
  summary: 'compare classifiers on the same splits (k-fold cross-validation with --folds)',
  flags: {
    out: { ...OUT_FLAG, help: 'the folder for the compared models (one per model and fold)' },
    models: {
      type: 'enum',
      values: TEXT_MODEL_KINDS,
      list: true,
      default: 'cnn-rand,tfidf',
      help: 'the classifiers to compare',
    },
    ...DATA_FLAGS,
    folds: {
      type: 'int',
      min: 2,
      defaultText: 'one train/test split',
      help: 'k-fold cross-validation',
    },
    embeddings: EMBEDDINGS,
    epochs: EPOCHS,
  },
  async run(ctx) {
    const { flags } = ctx;
    const outDir = resolve(flags.out);
    const backend = await initBackend();
    const rows = await compareTextClassifiers({
      models: flags.models,
      data: await dataOf(flags),
      outDir,
      folds: flags.folds,
      embeddingsFile: flags.embeddings,
      epochs: flags.epochs,
      seed: flags.seed,
      progress: ctx.progress,
      progressOut: ctx.progressOut,
    });
    ctx.result({ backend: backend.id, results: rows }, () =>
      [
        `${'model'.padEnd(18)} accuracy        macro-F1`,
        ...rows.map(
          (r) =>
            `${r.model.padEnd(18)} ${r.accuracy.toFixed(4)} ± ${r.accuracyStd.toFixed(4)}  ${r.macroF1.toFixed(4)}`,
        ),
      ].join('\n'),
    );
  },
});

export const textcnnCommand = defineGroup({
  name: 'textcnn',
  summary: 'sentence classification (TextCNN, TF-IDF): train | eval | predict | compare',
  commands: [train, evaluate, predict, compare],
});

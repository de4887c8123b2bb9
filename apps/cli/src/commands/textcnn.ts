import { resolve } from 'node:path';
import { DlError, formatClassificationReport, initBackend } from '@dl/core';
import {
  compareTextClassifiers,
  evaluateTextClassifier,
  loadSentenceDataset,
  loadTextClassifier,
  type SentenceDataset,
  synthSentiment,
  TEXT_MODEL_KINDS,
  type TextModelKind,
  trainTextClassifier,
} from '@dl/textcnn';
import { type Command, parseCommandArgs, positiveInt } from '../command';

function modelOf(value: string | undefined): TextModelKind {
  if (!value || !TEXT_MODEL_KINDS.includes(value as TextModelKind)) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `--model must be one of ${TEXT_MODEL_KINDS.join(', ')}, got '${value ?? ''}'`,
    );
  }
  return value as TextModelKind;
}

function required(name: string, value: string | undefined): string {
  if (!value) throw new DlError('INVALID_ARGUMENT', `--${name} is required`);
  return value;
}

const out = (s: string) => process.stdout.write(s);

const USAGE = `usage:
  dl textcnn train   --model cnn-rand|cnn-static|cnn-non-static|cnn-multichannel|cnn-seed|tfidf
                     --out DIR [--data PATH] [--test PATH] [--embeddings FILE] [--epochs N]
                     [--max-len N] [--seed N] [--resume] [--json]
  dl textcnn eval    --model DIR --data PATH [--json]
  dl textcnn predict MODEL "sentence" […] [--json]
  dl textcnn compare --out DIR [--models cnn-rand,tfidf] [--data PATH] [--folds N]
                     [--embeddings FILE] [--epochs N] [--seed N] [--json]

PATH: an MR-style pair (NAME.pos / NAME.neg, or their folder) or a CSV/TSV of label,text (the
SMS Spam Collection). Without --data, synthetic sentiment sentences are used. --embeddings is a
GloVe or word2vec text file (needed by cnn-static, -non-static, -multichannel). --resume
continues an interrupted CNN train from DIR.checkpoints/last (saved after every epoch) with
the same data and options; --epochs may be raised (tfidf has no epochs to resume).
`;

const DATA_OPTIONS = {
  data: { type: 'string' },
  'synthetic-count': { type: 'string' },
  seed: { type: 'string' },
} as const;

async function dataOf(values: {
  data?: string;
  'synthetic-count'?: string;
  seed?: string;
}): Promise<SentenceDataset> {
  if (values.data) return loadSentenceDataset(values.data);
  return synthSentiment({
    count: positiveInt('synthetic-count', values['synthetic-count'], 2000),
    seed: positiveInt('seed', values.seed, 1),
  });
}

async function train(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs('textcnn train', argv, {
    ...DATA_OPTIONS,
    model: { type: 'string' },
    out: { type: 'string' },
    test: { type: 'string' },
    embeddings: { type: 'string' },
    epochs: { type: 'string' },
    'max-len': { type: 'string' },
    resume: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  const model = modelOf(values.model);
  const outDir = resolve(required('out', values.out));
  const backend = await initBackend();
  const data = await dataOf(values);
  const r = await trainTextClassifier({
    model,
    data,
    testData: values.test ? await loadSentenceDataset(values.test) : undefined,
    outDir,
    embeddingsFile: values.embeddings,
    epochs: values.epochs ? positiveInt('epochs', values.epochs, 1) : undefined,
    maxLen: values['max-len'] ? positiveInt('max-len', values['max-len'], 70) : undefined,
    seed: values.seed ? positiveInt('seed', values.seed, 1) : undefined,
    resume: values.resume,
    progress: values.json ? 'silent' : 'auto',
  });
  if (values.json) {
    out(
      `${JSON.stringify({ backend: backend.id, artifactDir: r.artifactDir, metrics: r.metrics, coverage: r.coverage, history: r.history, message: r.message })}\n`,
    );
  } else {
    if (r.coverage)
      out(
        `embeddings cover ${r.coverage.found}/${r.coverage.total} words (${(100 * r.coverage.ratio).toFixed(1)}%)\n`,
      );
    out(`${r.message}\n\nheld-out test split (${r.metrics.testSamples} sentences):\n`);
    out(`${formatClassificationReport(r.report)}\n`);
    out(`accuracy ${r.metrics.accuracy.toFixed(4)} — model saved in ${r.artifactDir}\n`);
  }
  return 0;
}

async function evaluate(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs('textcnn eval', argv, {
    model: { type: 'string' },
    data: { type: 'string' },
    json: { type: 'boolean' },
  });
  const modelDir = required('model', values.model);
  await initBackend();
  const data = await loadSentenceDataset(required('data', values.data));
  const report = await evaluateTextClassifier(modelDir, data);
  if (values.json) out(`${JSON.stringify(report)}\n`);
  else
    out(
      `${formatClassificationReport(report)}\naccuracy ${report.accuracy.toFixed(4)} on ${report.support} sentences\n`,
    );
  return 0;
}

async function predict(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('textcnn predict', argv, {
    json: { type: 'boolean' },
  });
  const [modelDir, ...texts] = positionals;
  if (!modelDir || texts.length === 0)
    throw new DlError(
      'INVALID_ARGUMENT',
      'dl textcnn predict needs MODEL and at least one sentence',
    );
  await initBackend();
  const classifier = await loadTextClassifier(modelDir);
  try {
    const predictions = classifier.predictBatch(texts);
    for (const [i, text] of texts.entries()) {
      const p = predictions[i];
      if (values.json) out(`${JSON.stringify({ text, ...p })}\n`);
      else
        out(`${p.label}\t${p.probability.toFixed(3)}\t${text}\t[${p.explanation.join(' | ')}]\n`);
    }
  } finally {
    classifier.dispose();
  }
  return 0;
}

async function compare(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs('textcnn compare', argv, {
    ...DATA_OPTIONS,
    models: { type: 'string' },
    out: { type: 'string' },
    folds: { type: 'string' },
    embeddings: { type: 'string' },
    epochs: { type: 'string' },
    json: { type: 'boolean' },
  });
  const models = (values.models ?? 'cnn-rand,tfidf').split(',').map((m) => modelOf(m.trim()));
  const outDir = resolve(required('out', values.out));
  const backend = await initBackend();
  const rows = await compareTextClassifiers({
    models,
    data: await dataOf(values),
    outDir,
    folds: values.folds ? positiveInt('folds', values.folds, 10) : undefined,
    embeddingsFile: values.embeddings,
    epochs: values.epochs ? positiveInt('epochs', values.epochs, 1) : undefined,
    seed: values.seed ? positiveInt('seed', values.seed, 1) : undefined,
    progress: values.json ? 'silent' : 'auto',
  });
  if (values.json) out(`${JSON.stringify({ backend: backend.id, results: rows })}\n`);
  else {
    out(`${'model'.padEnd(18)} accuracy        macro-F1\n`);
    for (const r of rows) {
      out(
        `${r.model.padEnd(18)} ${r.accuracy.toFixed(4)} ± ${r.accuracyStd.toFixed(4)}  ${r.macroF1.toFixed(4)}\n`,
      );
    }
  }
  return 0;
}

const SUB: Record<string, (argv: string[]) => Promise<number>> = {
  train,
  eval: evaluate,
  predict,
  compare,
};

export const textcnnCommand: Command = {
  summary: 'sentence classification (TextCNN, TF-IDF): train | eval | predict | compare',
  async run(argv) {
    const [sub, ...rest] = argv;
    const help = sub === '--help' || sub === '-h';
    if (!sub || help || !SUB[sub]) {
      (sub && !help ? process.stderr : process.stdout).write(
        `${sub && !help ? `dl textcnn: unknown subcommand '${sub}'\n\n` : ''}${USAGE}`,
      );
      return help ? 0 : 2;
    }
    return SUB[sub](rest);
  },
};

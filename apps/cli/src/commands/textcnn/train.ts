import { resolve } from 'node:path';
import type { TrainTextCnnOptions, TrainTextCnnResult } from '@dl/textcnn';
import { defineCommand } from '../../framework/spec';
import {
  architectureFlag,
  deprecatedFlag,
  loadCore,
  OUT_FLAG,
  preflightOutput,
  RESUME_FLAG,
  resolveArchitecture,
  startBackend,
  usageError,
} from '../shared';
import {
  ARCHITECTURES,
  DATA_FLAGS,
  DEFAULT_MAX_LEN,
  EMBEDDINGS,
  EPOCHS,
  fromOldName,
  OLD_MODEL_NAMES,
  SENTENCES,
  sentencesOf,
} from './flags';

const CNN_ONLY = ['embeddings', 'epochs', 'max-len'] as const;

/** The baseline is one full-batch fit: CNN flags mean nothing to it, so they are refused. */
function checkTfidfFlags(flags: Record<(typeof CNN_ONLY)[number] | 'resume', unknown>): void {
  if (flags.resume) {
    throw usageError(
      'the tfidf baseline is fitted in one go (no epochs, no checkpoints): there is nothing to resume; train it without --resume',
    );
  }
  const given = CNN_ONLY.filter((f) => flags[f] !== undefined);
  if (given.length) {
    throw usageError(
      `${given.map((f) => `--${f}`).join(', ')} applies to the CNNs, not to the tfidf baseline`,
    );
  }
}

function trainText(r: TrainTextCnnResult, report: string): string {
  const { coverage, metrics, message, artifactDir } = r;
  return [
    ...(coverage
      ? [
          `embeddings cover ${coverage.found}/${coverage.total} words (${(100 * coverage.ratio).toFixed(1)}%)`,
        ]
      : []),
    `${message}\n`,
    `held-out test split (${metrics.testSamples} sentences):`,
    report,
    `accuracy ${metrics.accuracy.toFixed(4)} — model saved in ${artifactDir}`,
  ].join('\n');
}

export const textcnnTrain = defineCommand({
  name: 'train',
  summary: 'train a TextCNN variant or the TF-IDF baseline',
  description:
    '--resume continues an interrupted CNN train; the tfidf baseline is fitted in one go and has nothing to resume.',
  flags: {
    architecture: architectureFlag(
      ARCHITECTURES,
      'the classifier: default (= cnn-rand) or another of Kim (2014)’s TextCNN variants, seed (the course’s CNN, SEEDS.md §3), or the TF-IDF + logistic regression baseline',
    ),
    model: deprecatedFlag({
      type: 'enum',
      values: OLD_MODEL_NAMES,
      help: 'use --architecture (cnn-seed is now seed)',
    }),
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
  examples: ['dl textcnn train --architecture tfidf --data sms.tsv --out spam'],
  async run(ctx) {
    const { flags } = ctx;
    const architecture =
      resolveArchitecture(
        flags.architecture,
        { flag: '--model', means: flags.model && fromOldName(flags.model) },
        ctx.warn,
      ) ?? 'default';
    if (architecture === 'tfidf') checkTfidfFlags(flags);
    const outDir = resolve(flags.out);
    await preflightOutput(outDir, flags.resume);
    const backend = await startBackend();
    const textcnn = await import('@dl/textcnn');
    const shared = {
      data: await sentencesOf(textcnn, flags),
      testData: flags.test ? await textcnn.loadTextCnnDataset(flags.test) : undefined,
      outDir,
      seed: flags.seed,
      progress: ctx.progress,
      progressOut: ctx.progressOut,
    };
    const options: TrainTextCnnOptions =
      architecture === 'tfidf'
        ? { ...shared, architecture }
        : {
            ...shared,
            architecture,
            embeddingsFile: flags.embeddings,
            epochs: flags.epochs,
            maxLen: flags['max-len'],
            resume: flags.resume,
          };
    const r = await textcnn.trainTextCnn(options);
    const { formatClassificationReport } = await loadCore();
    const { artifactDir, metrics, coverage, history, stopReason, message } = r;
    ctx.result(
      { backend: backend.id, artifactDir, metrics, coverage, history, stopReason, message },
      () => trainText(r, formatClassificationReport(r.report)),
    );
  },
});

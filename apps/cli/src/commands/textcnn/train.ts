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
  type Architecture,
  DATA_FLAGS,
  DEFAULT_MAX_LEN,
  EMBEDDINGS,
  EPOCHS,
  fromOldName,
  LINEAR,
  OLD_MODEL_NAMES,
  SENTENCES,
  sentencesOf,
} from './flags';

const CNN_ONLY = ['embeddings', 'epochs', 'max-len'] as const;

type Linear = (typeof LINEAR)[number];
const isLinear = (a: Architecture): a is Linear => (LINEAR as readonly string[]).includes(a);

/** A baseline is one full-batch fit: CNN flags mean nothing to it, so they are refused. */
function checkLinearFlags(
  architecture: Linear,
  flags: Record<(typeof CNN_ONLY)[number] | 'resume', unknown>,
): void {
  if (flags.resume) {
    throw usageError(
      `the ${architecture} baseline is fitted in one go (no epochs, no checkpoints): there is nothing to resume; train it without --resume`,
    );
  }
  const given = CNN_ONLY.filter((f) => flags[f] !== undefined);
  if (given.length) {
    throw usageError(
      `${given.map((f) => `--${f}`).join(', ')} applies to the CNNs, not to the ${architecture} baseline`,
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
  summary: 'train a TextCNN variant or a linear baseline (TF-IDF, NB-SVM)',
  description:
    '--resume continues an interrupted CNN train; the linear baselines (tfidf, nbsvm) are fitted in one go and have nothing to resume.',
  flags: {
    architecture: architectureFlag(
      ARCHITECTURES,
      'the classifier: default (= cnn-rand) or another of Kim (2014)’s TextCNN variants, seed (the course’s CNN, SEEDS.md §3), or a linear baseline: tfidf (TF-IDF + logistic regression) or nbsvm (Wang & Manning 2012)',
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
    if (isLinear(architecture)) checkLinearFlags(architecture, flags);
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
    const options: TrainTextCnnOptions = isLinear(architecture)
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

import { resolve } from 'node:path';
import type { CompareRow } from '@dl/textcnn';
import { defineCommand } from '../../framework/spec';
import { OUT_FLAG, startBackend } from '../shared';
import { ARCHITECTURES, DATA_FLAGS, EMBEDDINGS, EPOCHS, sentencesOf } from './flags';

function compareText(rows: readonly CompareRow[]): string {
  return [
    `${'model'.padEnd(18)} accuracy        macro-F1`,
    ...rows.map(
      (r) =>
        `${r.model.padEnd(18)} ${r.accuracy.toFixed(4)} ± ${r.accuracyStd.toFixed(4)}  ${r.macroF1.toFixed(4)}`,
    ),
  ].join('\n');
}

export const textcnnCompare = defineCommand({
  name: 'compare',
  summary: 'compare classifiers on the same splits (k-fold cross-validation with --folds)',
  flags: {
    out: { ...OUT_FLAG, help: 'the folder for the compared models (one per model and fold)' },
    models: {
      type: 'enum',
      values: [...ARCHITECTURES, 'cnn-seed'],
      list: true,
      default: 'cnn-rand,tfidf',
      help: 'the architectures to compare (cnn-seed: the deprecated name of seed)',
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
    if (flags.models.includes('cnn-seed')) {
      ctx.warn(['--models cnn-seed is deprecated (removed in the next minor): use seed']);
    }
    const outDir = resolve(flags.out);
    const backend = await startBackend();
    const textcnn = await import('@dl/textcnn');
    const rows = await textcnn.compareTextClassifiers({
      models: flags.models,
      data: await sentencesOf(textcnn, flags),
      outDir,
      folds: flags.folds,
      embeddingsFile: flags.embeddings,
      epochs: flags.epochs,
      seed: flags.seed,
      progress: ctx.progress,
      progressOut: ctx.progressOut,
    });
    ctx.result({ backend: backend.id, results: rows }, () => compareText(rows));
  },
});

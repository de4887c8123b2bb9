import { resolve } from 'node:path';
import { defineCommand } from '../../framework/spec';
import { loadCore, MODEL_DIR_FLAG, startBackend } from '../shared';
import { CACHE, CLASS_FOLDERS, FROM } from './flags';

export const transferEval = defineCommand({
  name: 'eval',
  summary: 'score a trained model on every image of a labelled folder',
  flags: {
    model: MODEL_DIR_FLAG,
    data: { ...CLASS_FOLDERS, required: true },
    cache: CACHE,
    from: FROM,
  },
  async run(ctx) {
    const { flags } = ctx;
    await startBackend();
    const { formatClassificationReport } = await loadCore();
    const { evaluateTransfer, loadTransferDataset } = await import('@dl/transfer');
    const data = await loadTransferDataset(flags.data);
    const e = await evaluateTransfer(flags.model, data, {
      cacheDir: flags.cache && resolve(flags.cache),
      from: flags.from,
      progress: ctx.progress,
      progressOut: ctx.progressOut,
    });
    const m = e.metrics;
    ctx.result(
      e,
      () =>
        `${formatClassificationReport(e.report)}\naccuracy ${m.accuracy.toFixed(4)}, macro-F1 ${m.macroF1.toFixed(4)}, ECE ${m.ece.toFixed(4)} on ${m.testSamples} images`,
    );
  },
});

import { defineCommand } from '../../framework/spec';
import { loadCore, MODEL_DIR_FLAG, startBackend } from '../shared';
import { SENTENCES } from './flags';

export const textcnnEval = defineCommand({
  name: 'eval',
  summary: 'evaluate a trained classifier on labelled sentences',
  flags: { model: MODEL_DIR_FLAG, data: { ...SENTENCES, required: true } },
  async run(ctx) {
    await startBackend();
    const { formatClassificationReport } = await loadCore();
    const { evaluateTextCnn, loadTextCnnDataset } = await import('@dl/textcnn');
    const data = await loadTextCnnDataset(ctx.flags.data);
    const { report, ...metrics } = await evaluateTextCnn(ctx.flags.model, data);
    // The per-class report at the top (as before), with the task's metrics beside it.
    ctx.result(
      { ...report, metrics },
      () =>
        `${formatClassificationReport(report)}\naccuracy ${metrics.accuracy.toFixed(4)} on ${metrics.testSamples} sentences`,
    );
  },
});

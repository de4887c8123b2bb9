import { defineCommand } from '../../framework/spec';
import { loadCore, MODEL_DIR_FLAG, startBackend } from '../shared';
import { FACE_FOLDER, LAYOUT, loadFolder } from './flags';

export const faceEval = defineCommand({
  name: 'eval',
  summary: 'score a trained classifier on labelled faces (people matched by name)',
  flags: { model: MODEL_DIR_FLAG, data: { ...FACE_FOLDER, required: true }, layout: LAYOUT },
  async run(ctx) {
    const { flags } = ctx;
    await startBackend();
    const { formatClassificationReport } = await loadCore();
    const face = await import('@dl/face');
    const data = await loadFolder(face, flags.data, flags.layout, 1);
    const e = await face.evaluateFace(flags.model, data);
    ctx.result(e, () =>
      [
        formatClassificationReport(e.report),
        face.formatPersonAccuracy(e.byPerson),
        `accuracy ${e.metrics.accuracy.toFixed(4)} on ${e.metrics.testSamples} images`,
      ].join('\n'),
    );
  },
});

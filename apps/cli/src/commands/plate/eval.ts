import type { GlyphKind } from '@dl/vision-plate';
import { defineCommand } from '../../framework/spec';
import { loadCore, MODEL_DIR_FLAG, startBackend } from '../shared';
import { MAPPING_FLAG, PLATE_TASKS } from './flags';

export const plateEval = defineCommand({
  name: 'eval',
  summary: 'evaluate a trained classifier on a labelled glyph folder',
  flags: {
    model: MODEL_DIR_FLAG,
    data: {
      type: 'path',
      required: true,
      mustExist: true,
      placeholder: 'DIR',
      help: 'class folders of glyph images',
    },
    mapping: MAPPING_FLAG,
  },
  async run(ctx) {
    const { flags } = ctx;
    await startBackend();
    const { formatClassificationReport, readDlMeta } = await loadCore();
    const { evaluatePlate, loadPlateDataset } = await import('@dl/vision-plate');
    // The model says which kind it is; a model of another task is named as such.
    const meta = await readDlMeta(flags.model, PLATE_TASKS);
    const kind = meta.task.replace(/^plate-/, '') as GlyphKind;
    const data = await loadPlateDataset(flags.data, { kind, mappingFile: flags.mapping });
    try {
      const report = await evaluatePlate(flags.model, data);
      ctx.result(
        report,
        () =>
          `${formatClassificationReport(report)}\nmacro-F1 ${report.macroAvg.f1.toFixed(4)} on ${report.support} glyphs`,
      );
    } finally {
      data.x.dispose();
    }
  },
});

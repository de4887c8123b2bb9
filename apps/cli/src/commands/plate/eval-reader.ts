import type { PlateReaderEvaluation } from '@dl/vision-plate';
import { defineCommand } from '../../framework/spec';
import { startBackend } from '../shared';
import { CROPS, DECODING, METHOD } from './flags';
import { readerReportText } from './train-reader';
import { readerDir } from './which-reader';

function evaluationText(e: PlateReaderEvaluation): string {
  const wrong = e.rows.filter((r) => r.read !== r.truth);
  return [
    ...wrong.slice(0, 20).map((r) => `${r.file}\t${r.truth}\t${r.read ?? `(${r.error})`}`),
    ...(wrong.length > 20 ? [`… and ${wrong.length - 20} more misread`] : []),
    readerReportText(`${e.method} reader`, e),
    `per position ${e.perPosition.map((p) => `${(100 * p).toFixed(1)}%`).join(' ')}`,
    `${e.unreadable} unreadable, ${e.msPerPlate.toFixed(1)} ms a plate`,
  ].join('\n');
}

export const plateEvalReader = defineCommand({
  name: 'eval-reader',
  summary: 'score a plate reader (CTC or segmentation) on labelled plate crops',
  flags: {
    model: {
      type: 'path',
      required: true,
      mustExist: true,
      placeholder: 'DIR',
      help: 'a reader directory, or a MODELS folder as dl plate read takes',
    },
    data: { ...CROPS, required: true },
    labels: {
      type: 'path',
      mustExist: true,
      placeholder: 'FILE',
      help: 'a ground-truth list instead of names: lines of file (relative to --data) and text, e.g. the labels.tsv of dl plate synth',
    },
    limit: { type: 'int', min: 1, help: 'score at most N crops (in file-name order)' },
    method: METHOD,
    decoding: DECODING,
  },
  examples: ['dl plate eval-reader --model models --data plates --labels plates/labels.tsv'],
  async run(ctx) {
    const { flags } = ctx;
    await startBackend();
    const { evaluatePlateReader } = await import('@dl/vision-plate');
    const e = await evaluatePlateReader(readerDir(flags.model, flags.method), flags.data, {
      method: flags.method,
      decoding: flags.decoding,
      labelsFile: flags.labels,
      limit: flags.limit,
    });
    ctx.result(e, () => evaluationText(e));
  },
});

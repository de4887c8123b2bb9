import type { PlatePhotoEvaluation, PlateReaderEvaluation } from '@dl/vision-plate';
import { defineCommand } from '../../framework/spec';
import { startBackend } from '../shared';
import { CROPS, DECODING, METHOD } from './flags';
import { readerReportText } from './train-reader';
import { readerDir } from './which-reader';

type EvaluatedRow = { file: string; truth: string; read?: string; error?: string };

/** Up to 20 rows read wrong (file, truth, what was read or why not), and how many more. */
function misreadLines(
  rows: readonly EvaluatedRow[],
  why: (row: EvaluatedRow) => string,
  more: string,
): string[] {
  const wrong = rows.filter((r) => r.read !== r.truth);
  return [
    ...wrong.slice(0, 20).map((r) => `${r.file}\t${r.truth}\t${r.read ?? why(r)}`),
    ...(wrong.length > 20 ? [`… and ${wrong.length - 20} more ${more}`] : []),
  ];
}

const perPositionText = (perPosition: readonly number[]) =>
  `per position ${perPosition.map((p) => `${(100 * p).toFixed(1)}%`).join(' ')}`;

function evaluationText(e: PlateReaderEvaluation): string {
  return [
    ...misreadLines(e.rows, (r) => `(${r.error})`, 'misread'),
    readerReportText(`${e.method} reader`, e),
    perPositionText(e.perPosition),
    `${e.unreadable} unreadable, ${e.msPerPlate.toFixed(1)} ms a plate`,
  ].join('\n');
}

function photoEvaluationText(e: PlatePhotoEvaluation): string {
  const why = (r: EvaluatedRow) => (r.error ? `(${r.error})` : '(no plate found)');
  return [
    ...misreadLines(e.rows, why, 'missed or misread'),
    `plates found in ${(100 * e.found).toFixed(1)}% of ${e.plates} photos`,
    readerReportText(`${e.method} reader, all labelled plates`, e),
    perPositionText(e.perPosition),
    `${e.msPerPhoto.toFixed(0)} ms a photo`,
  ].join('\n');
}

export const plateEvalReader = defineCommand({
  name: 'eval-reader',
  summary: 'score a plate reader (CTC or segmentation) on labelled plate crops or photos',
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
    photos: {
      type: 'boolean',
      help: 'the images are photos of cars named by the plate they show: find the plates (as read --photo) and score the share found and read',
    },
  },
  examples: [
    'dl plate eval-reader --model models --data plates --labels plates/labels.tsv',
    'dl plate eval-reader --model models --data street-photos --photos',
  ],
  async run(ctx) {
    const { flags } = ctx;
    await startBackend();
    const { evaluatePlatePhotos, evaluatePlateReader } = await import('@dl/vision-plate');
    const options = {
      method: flags.method,
      decoding: flags.decoding,
      labelsFile: flags.labels,
      limit: flags.limit,
    };
    const dir = readerDir(flags.model, flags.method);
    if (flags.photos) {
      const e = await evaluatePlatePhotos(dir, flags.data, options);
      ctx.result(e, () => photoEvaluationText(e));
      return;
    }
    const e = await evaluatePlateReader(dir, flags.data, options);
    ctx.result(e, () => evaluationText(e));
  },
});

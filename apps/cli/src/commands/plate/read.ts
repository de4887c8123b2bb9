import type { PlateReading } from '@dl/vision-plate';
import { defineCommand } from '../../framework/spec';
import { startBackend, usageError } from '../shared';
import { DECODING, METHOD } from './flags';
import { readPhotos } from './photo';
import { readerDir } from './which-reader';

function readingText(path: string, r: PlateReading): string {
  const chars = r.characters.map((c) => `${c.label}:${c.probability.toFixed(2)}`);
  return `${path}\t${r.text}\t${chars.join(' ')}`;
}

export const plateRead = defineCommand({
  name: 'read',
  summary: 'read whole plates: the CTC reader, or segmentation and three classifiers',
  description:
    'MODELS is a whole-plate reader (dl plate train-reader --out MODELS/reader), a folder holding it as reader/, or a folder of the three character classifiers (province/, letter/, alnum/), whose plates are segmented into seven characters.',
  positionals: [
    {
      name: 'MODELS',
      required: true,
      help: 'a reader directory, or a folder holding reader/ or province/, letter/ and alnum/',
    },
    {
      name: 'IMAGE',
      required: true,
      variadic: true,
      help: 'plate crops, or photos with --photo (PNG, JPEG, BMP, GIF, PNM)',
    },
  ],
  flags: {
    method: METHOD,
    decoding: DECODING,
    photo: {
      type: 'boolean',
      help: 'IMAGE are photos: find every plate (plate colours and edges, deskew, the reader as judge) and read it; a photo without one answers "no plate found"',
    },
    'min-confidence': {
      type: 'number',
      min: 0,
      max: 1,
      defaultText: '0.5',
      help: 'with --photo: a candidate read below this confidence is no plate',
    },
    report: {
      type: 'path',
      placeholder: 'DIR',
      help: 'with --photo: write each photo with its plates outlined as DIR/<name>.plates.png',
    },
  },
  multiInput: true,
  examples: [
    'dl plate read models 0000.png 0001.png --json',
    'dl plate read models --photo car.jpg --report plates-found',
  ],
  async run(ctx) {
    const { flags } = ctx;
    if (!flags.photo && (flags.report !== undefined || flags['min-confidence'] !== undefined)) {
      throw usageError('--report and --min-confidence go with --photo');
    }
    await startBackend();
    const { loadPlateReader } = await import('@dl/vision-plate');
    const dir = readerDir(ctx.args.MODELS, flags.method);
    const reader = await loadPlateReader(dir, { method: flags.method, decoding: flags.decoding });
    try {
      if (flags.photo) {
        const o = { minConfidence: flags['min-confidence'], report: flags.report };
        await readPhotos(ctx, reader, ctx.args.IMAGE, o);
        return;
      }
      // One batch per classifier over every plate; a plate that fails keeps its error in place.
      const outcomes = await reader.readBatch(ctx.args.IMAGE);
      await ctx.eachInput(
        ctx.args.IMAGE.map((path, i) => ({ path, outcome: outcomes[i] })),
        ({ path }) => path,
        async ({ path, outcome }) => {
          if (!outcome.ok) throw outcome.error;
          const r = outcome.reading;
          return { data: { file: path, method: reader.method, ...r }, text: readingText(path, r) };
        },
      );
    } finally {
      reader.dispose();
    }
  },
});

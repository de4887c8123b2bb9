import type { PlateReading } from '@dl/vision-plate';
import { defineCommand } from '../../framework/spec';
import { startBackend } from '../shared';

function readingText(path: string, r: PlateReading): string {
  const chars = r.characters.map((c) => `${c.label}:${c.probability.toFixed(2)}`);
  return `${path}\t${r.text}\t${chars.join(' ')}`;
}

export const plateRead = defineCommand({
  name: 'read',
  summary: 'read whole plates: segment the seven characters and classify each',
  positionals: [
    {
      name: 'MODELS',
      required: true,
      help: 'a folder holding province/, letter/ and alnum/ models',
    },
    { name: 'IMAGE', required: true, variadic: true, help: 'plate images (PNG, JPEG, PNM)' },
  ],
  multiInput: true,
  async run(ctx) {
    await startBackend();
    const { loadPlateReader } = await import('@dl/vision-plate');
    const reader = await loadPlateReader(ctx.args.MODELS);
    try {
      // One batch per classifier over every plate; a plate that fails keeps its error in place.
      const outcomes = await reader.readBatch(ctx.args.IMAGE);
      await ctx.eachInput(
        ctx.args.IMAGE.map((path, i) => ({ path, outcome: outcomes[i] })),
        ({ path }) => path,
        async ({ path, outcome }) => {
          if (!outcome.ok) throw outcome.error;
          const r = outcome.reading;
          return { data: { file: path, ...r }, text: readingText(path, r) };
        },
      );
    } finally {
      reader.dispose();
    }
  },
});

import { resolve } from 'node:path';
import { defineCommand } from '../../framework/spec';
import { OUT_FLAG, SEED_FLAG } from '../shared';

export const SYNTH_PEOPLE = {
  people: { type: 'int', min: 2, default: 10, help: 'synthetic people' },
  'images-per-person': { type: 'int', min: 1, default: 10, help: 'synthetic photos of each' },
} as const;

export const faceSynth = defineCommand({
  name: 'synth',
  summary: 'write synthetic faces as a folder per person (for trying the pipeline)',
  flags: {
    out: { ...OUT_FLAG, help: 'the folder to write (absent, empty, or an earlier synthetic set)' },
    ...SYNTH_PEOPLE,
    size: { type: 'int', min: 16, default: 64, help: 'image side in pixels' },
    variation: {
      type: 'number',
      min: 0,
      max: 1,
      default: 1,
      help: 'how much one photo of a person differs from the next (pose, light, expression, noise)',
    },
    seed: { ...SEED_FLAG, default: 1 },
  },
  async run(ctx) {
    const { flags } = ctx;
    const { writeSyntheticFaces } = await import('@dl/face');
    const dir = resolve(flags.out);
    const count = await writeSyntheticFaces(dir, {
      people: flags.people,
      imagesPerPerson: flags['images-per-person'],
      size: [flags.size, flags.size],
      variation: flags.variation,
      seed: flags.seed,
    });
    ctx.result(
      { dir, count, people: flags.people },
      () => `wrote ${count} faces of ${flags.people} people to ${dir}`,
    );
  },
});

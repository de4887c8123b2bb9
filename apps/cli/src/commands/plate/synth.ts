import { resolve } from 'node:path';
import { defineCommand } from '../../framework/spec';
import { OUT_FLAG, SEED_FLAG } from '../shared';
import { KINDS } from './flags';

export const plateSynth = defineCommand({
  name: 'synth',
  summary: 'write synthetic plates (PNG + labels.tsv) or class folders of synthetic glyphs',
  flags: {
    out: { ...OUT_FLAG, help: 'the folder to write' },
    kind: {
      type: 'enum',
      values: [...KINDS, 'plates'],
      default: 'plates',
      help: 'whole plates, or glyphs of one kind',
    },
    'per-class': { type: 'int', min: 1, default: 50, help: 'glyphs per class (glyph kinds)' },
    count: { type: 'int', min: 1, default: 20, help: 'plates to write (--kind plates)' },
    seed: { ...SEED_FLAG, default: 1 },
  },
  async run(ctx) {
    const { flags } = ctx;
    const dir = resolve(flags.out);
    const { writeSyntheticGlyphSet, writeSyntheticPlates } = await import('@dl/vision-plate');
    if (flags.kind === 'plates') {
      const r = await writeSyntheticPlates(dir, { count: flags.count, seed: flags.seed });
      ctx.result(
        { dir, kind: flags.kind, ...r },
        () => `wrote ${r.files} plates and labels.tsv to ${dir}`,
      );
      return;
    }
    const kind = flags.kind;
    const r = await writeSyntheticGlyphSet(dir, {
      kind,
      perClass: flags['per-class'],
      seed: flags.seed,
    });
    ctx.result(
      { dir, kind, ...r },
      () => `wrote ${r.files} ${kind} glyphs in ${r.classes} class folders to ${dir}`,
    );
  },
});

import { resolve } from 'node:path';
import { defineCommand } from '../../framework/spec';
import { OUT_FLAG, SEED_FLAG } from '../shared';

/** @dl/transfer's SYNTH_SHAPES (test/constants.test.ts checks the copy). */
export const SHAPES = ['disc', 'square', 'stripes', 'ring'] as const;

export const transferSynth = defineCommand({
  name: 'synth',
  summary: 'write a class-folder image set of synthetic shapes (for trying the pipeline)',
  flags: {
    out: { ...OUT_FLAG, help: 'the folder to write (absent, empty, or an earlier synthetic set)' },
    classes: {
      type: 'enum',
      values: SHAPES,
      list: true,
      default: 'disc,square,stripes',
      help: 'one class per shape',
    },
    'per-class': { type: 'int', min: 1, default: 24, help: 'images per class' },
    size: { type: 'int', min: 8, default: 64, help: 'image side in pixels' },
    seed: { ...SEED_FLAG, default: 1 },
  },
  async run(ctx) {
    const { flags } = ctx;
    const { synthTransferDataset } = await import('@dl/transfer');
    const outDir = resolve(flags.out);
    const data = await synthTransferDataset({
      outDir,
      classes: flags.classes,
      perClass: flags['per-class'],
      size: flags.size,
      seed: flags.seed,
    });
    const summary = { dir: outDir, labels: data.labels, images: data.images.length };
    ctx.result(
      summary,
      () => `wrote ${summary.images} images of ${data.labels.join(', ')} to ${outDir}`,
    );
  },
});

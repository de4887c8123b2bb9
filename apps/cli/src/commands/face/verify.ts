import { defineCommand } from '../../framework/spec';
import { startBackend } from '../shared';
import { EMBED_FLAGS, embedOptions } from './flags';

export const faceVerify = defineCommand({
  name: 'verify',
  summary: 'are two images of one person? (descriptor distance against a threshold)',
  positionals: [
    { name: 'IMAGE_A', required: true, help: 'a face image' },
    { name: 'IMAGE_B', required: true, help: 'another face image' },
  ],
  flags: {
    threshold: {
      type: 'number',
      min: 0,
      minExclusive: true,
      defaultText: '0.45',
      help: 'descriptor distance at or below which the two are one person',
    },
    ...EMBED_FLAGS,
  },
  examples: ['dl face verify passport.jpg selfie.jpg'],
  async run(ctx) {
    await startBackend();
    const { verifyFaces } = await import('@dl/face');
    const { IMAGE_A: a, IMAGE_B: b } = ctx.args;
    const r = await verifyFaces({
      a,
      b,
      threshold: ctx.flags.threshold,
      ...embedOptions(ctx.flags),
    });
    ctx.result(
      { a, b, ...r },
      () =>
        `${r.same ? 'same person' : 'different people'}: distance ${r.distance.toFixed(3)} (threshold ${r.threshold})`,
    );
  },
});

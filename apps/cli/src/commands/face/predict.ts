import { defineCommand } from '../../framework/spec';
import { startBackend } from '../shared';

export const FACE_IMAGES = {
  name: 'IMAGE',
  required: true,
  variadic: true,
  help: 'face images (PNG, JPEG, BMP, GIF, PGM/PPM; any size)',
} as const;

export const facePredict = defineCommand({
  name: 'predict',
  summary: 'name the person in each image (one of the model’s people)',
  positionals: [{ name: 'MODEL', required: true, help: 'a trained model directory' }, FACE_IMAGES],
  flags: { top: { type: 'int', min: 1, default: 3, help: 'how many ranked guesses to list' } },
  multiInput: true,
  async run(ctx) {
    await startBackend();
    const { loadFacePredictor } = await import('@dl/face');
    const predictor = await loadFacePredictor(ctx.args.MODEL);
    try {
      await ctx.eachInput(
        ctx.args.IMAGE,
        (file) => file,
        async (file) => {
          const p = await predictor.predict(file, { topK: ctx.flags.top });
          const top = p.top.map((t) => `${t.label} ${t.probability.toFixed(3)}`).join(', ');
          return {
            data: { file, ...p },
            text: `${p.label}\t${p.probability.toFixed(3)}\t${file}\t[${top}]`,
          };
        },
      );
    } finally {
      predictor.dispose();
    }
  },
});

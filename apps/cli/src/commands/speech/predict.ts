import { defineCommand } from '../../framework/spec';
import { startBackend } from '../shared';

export const speechPredict = defineCommand({
  name: 'predict',
  summary: 'recognise the digit spoken in each WAV file',
  positionals: [
    { name: 'MODEL', required: true, help: 'a trained model directory' },
    { name: 'FILE', required: true, variadic: true, help: 'WAV files (any rate, any channels)' },
  ],
  flags: { top: { type: 'int', min: 1, default: 3, help: 'how many ranked guesses to list' } },
  multiInput: true,
  examples: ['dl speech predict model 7_jackson_0.wav 3_theo_12.wav --json'],
  async run(ctx) {
    await startBackend();
    const { loadSpeechPredictor } = await import('@dl/speech');
    const predictor = await loadSpeechPredictor(ctx.args.MODEL);
    try {
      // One file at a time: an unreadable file is reported in its place, the others still run.
      await ctx.eachInput(
        ctx.args.FILE,
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

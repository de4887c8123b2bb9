import { defineCommand } from '../../framework/spec';
import { loadCore, startBackend } from '../shared';

type CoreModule = Awaited<ReturnType<typeof loadCore>>;

/** A sentence with no word left after cleaning has nothing to classify. */
function checkSentence(core: CoreModule, tokens: readonly string[], text: string): void {
  if (tokens.length === 0) {
    throw new core.DlError(
      'DATA_INVALID',
      `the sentence ${JSON.stringify(text)} has no words (after lower-casing and removing punctuation)`,
    );
  }
}

export const textcnnPredict = defineCommand({
  name: 'predict',
  summary: 'classify sentences, with the n-grams that decided each',
  positionals: [
    { name: 'MODEL', required: true, help: 'a trained model directory' },
    {
      name: 'SENTENCE',
      required: true,
      variadic: true,
      help: 'sentences to classify (quote each)',
    },
  ],
  multiInput: true,
  examples: ['dl textcnn predict model "a wonderful film" "a dreadful plot" --json'],
  async run(ctx) {
    await startBackend();
    const core = await loadCore();
    const { loadTextCnnPredictor, tokenize } = await import('@dl/textcnn');
    const predictor = await loadTextCnnPredictor(ctx.args.MODEL);
    try {
      await ctx.eachInput(
        ctx.args.SENTENCE,
        (text) => text,
        async (text) => {
          checkSentence(core, tokenize(text), text);
          const p = predictor.predict(text);
          return {
            data: { text, ...p },
            text: `${p.label}\t${p.probability.toFixed(3)}\t${text}\t[${p.explanation.join(' | ')}]`,
          };
        },
      );
    } finally {
      predictor.dispose();
    }
  },
});

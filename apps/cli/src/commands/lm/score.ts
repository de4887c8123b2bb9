import { resolve } from 'node:path';
import type { SentenceScore } from '@dl/text-lm';
import { defineCommand } from '../../framework/spec';
import { loadCore, startBackend, usageError } from '../shared';
import { fmt, MODEL_ARG } from './format';

function scoreText(text: string, s: SentenceScore): string {
  const tokens = s.perToken.map((t) => `${t.token}${t.oov ? '(oov)' : ''}:${fmt(t.surprisal, 1)}`);
  return `${fmt(s.logProb, 3)} nats  ${fmt(s.surprisalBits, 2)} bits  perplexity ${fmt(s.perplexity)}  ${text}\n  ${tokens.join(' ')}`;
}

export const lmScore = defineCommand({
  name: 'score',
  summary: 'log-probability (nats) and per-token surprisal (bits) of sentences',
  positionals: [
    MODEL_ARG,
    { name: 'SENTENCE', variadic: true, help: 'sentences to score (quote each), or --file' },
  ],
  flags: {
    file: {
      type: 'path',
      mustExist: true,
      placeholder: 'FILE',
      help: 'score every line of a UTF-8 file instead',
    },
  },
  multiInput: true,
  async run(ctx) {
    const texts = ctx.args.SENTENCE;
    if (texts.length === 0 && !ctx.flags.file) {
      throw usageError('dl lm score needs sentences (or --file FILE)');
    }
    await startBackend();
    const { DlError } = await loadCore();
    const { loadLmPredictor, loadTextSplit } = await import('@dl/text-lm');
    const sentences = ctx.flags.file
      ? (await loadTextSplit(resolve(ctx.flags.file))).sentences.map((s) => s.join(' '))
      : texts;
    const lm = await loadLmPredictor(ctx.args.MODEL);
    try {
      await ctx.eachInput(
        sentences,
        (text) => text,
        async (text) => {
          if (text.trim() === '') {
            throw new DlError('DATA_INVALID', 'the sentence is empty: there is nothing to score');
          }
          const s = lm.score(text);
          return { data: { text, ...s }, text: scoreText(text, s) };
        },
      );
    } finally {
      lm.dispose();
    }
  },
});

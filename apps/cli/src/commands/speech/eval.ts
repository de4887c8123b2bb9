import type { SpeechSplit } from '@dl/speech';
import { defineCommand } from '../../framework/spec';
import { loadCore, MODEL_DIR_FLAG, startBackend } from '../shared';
import { FSDD_DIR, TEST_SPEAKERS } from './flags';
import { evaluationText, splitOf } from './shared';

export const speechEval = defineCommand({
  name: 'eval',
  summary: 'evaluate a trained model on an FSDD folder',
  flags: {
    model: MODEL_DIR_FLAG,
    data: { ...FSDD_DIR, required: true },
    split: {
      type: 'enum',
      values: ['standard', 'speaker', 'all'],
      defaultText: 'the split the model was trained with',
      help: 'which recordings to score; all: every recording',
    },
    'test-speakers': TEST_SPEAKERS,
  },
  async run(ctx) {
    const { flags } = ctx;
    const split: SpeechSplit | 'all' | undefined =
      flags.split === 'all' ? 'all' : splitOf(flags.split, flags['test-speakers']);
    await startBackend();
    const { formatClassificationReport } = await loadCore();
    const speech = await import('@dl/speech');
    const data = await speech.loadSpeechDataset(flags.data);
    const e = await speech.evaluateSpeech(flags.model, data, { split });
    ctx.result(
      e,
      () =>
        `${evaluationText(speech, formatClassificationReport(e.report), e)}accuracy ${e.metrics.accuracy.toFixed(4)} on ${e.metrics.testSamples} recordings`,
    );
  },
});

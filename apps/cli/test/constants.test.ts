import { CAPTCHA_V2_CHARSET } from '@dl/captcha';
import { SYNTH_ACCENTS, SYNTH_VARIANTS } from '@dl/speech';
import { LM_DEFAULTS } from '@dl/text-lm';
import { TEXT_MODEL_KINDS, TEXTCNN_ARCHITECTURES, TEXTCNN_DEFAULTS } from '@dl/textcnn';
import { SYNTH_SHAPES } from '@dl/transfer';
import { PLATE_ARCHITECTURES, PLATE_KINDS, PLATE_TRAIN_DEFAULTS } from '@dl/vision-plate';
import { describe, expect, it } from 'vitest';
import { V2_CHARSET } from '../src/commands/captcha/flags';
import { LM_HELP_DEFAULTS } from '../src/commands/lm/defaults';
import { KINDS } from '../src/commands/plate/flags';
import { SYNTH_VOICE_LIMIT } from '../src/commands/speech/flags';
import * as textcnn from '../src/commands/textcnn/flags';
import { SHAPES } from '../src/commands/transfer/synth';

/*
 * The declarations quote some of the packages' constants without importing the packages (which
 * would load TensorFlow.js for every --help). These copies must stay what the packages say.
 */
describe('constants the CLI declarations copy from the packages', () => {
  it('plate: the three kinds, in plate order', () => {
    expect(KINDS).toEqual(PLATE_KINDS);
    expect([...PLATE_ARCHITECTURES].sort()).toEqual(['default', 'seed']);
    expect(PLATE_TRAIN_DEFAULTS.epochs).toEqual({ seed: 30, default: 20 });
  });

  it('speech: how many voices can be synthesised', () => {
    expect(SYNTH_VOICE_LIMIT).toBe(SYNTH_ACCENTS.length * SYNTH_VARIANTS.length);
  });

  it('textcnn: architectures, the old --model names, maxLen and epochs', () => {
    expect(textcnn.ARCHITECTURES).toEqual(TEXTCNN_ARCHITECTURES);
    expect(textcnn.OLD_MODEL_NAMES).toEqual(TEXT_MODEL_KINDS);
    expect(textcnn.DEFAULT_MAX_LEN).toBe(TEXTCNN_DEFAULTS.maxLen);
    expect(textcnn.DEFAULT_EPOCHS).toBe(TEXTCNN_DEFAULTS.epochs);
  });

  it('lm: the defaults --help quotes are LM_DEFAULTS', () => {
    const quoted = Object.keys(LM_HELP_DEFAULTS) as (keyof typeof LM_HELP_DEFAULTS)[];
    expect(Object.fromEntries(quoted.map((k) => [k, LM_DEFAULTS[k]]))).toEqual(LM_HELP_DEFAULTS);
  });

  it('captcha: the synthetic charset', () => {
    expect(V2_CHARSET).toBe(CAPTCHA_V2_CHARSET);
  });

  it('transfer: the synthetic shapes', () => {
    expect(SHAPES).toEqual(SYNTH_SHAPES);
  });
});

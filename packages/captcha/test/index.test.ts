import * as api from '@dl/captcha';
import { describe, expect, it } from 'vitest';

describe('@dl/captcha public surface', () => {
  it('exports exactly these names (changing the surface is deliberate)', () => {
    expect(Object.keys(api).sort()).toEqual([
      'ALNUM_LOWER',
      'CAPTCHA_FONT_PATHS',
      'CAPTCHA_TASK',
      'CAPTCHA_V2_CHARSET',
      'DEFAULT_CAPTCHA_AUGMENT',
      'DEFAULT_CAPTCHA_STYLE',
      'DEFAULT_INPUT',
      'SEED_INPUT',
      'augmentCaptcha',
      'buildCaptchaModel',
      'buildCaptchaSeedCnn',
      'buildCaptchaSeedModel',
      'captchaDataset',
      'captchaMetrics',
      'evaluateCaptcha',
      'evaluateCaptchaEnsemble',
      'labelOfFile',
      'loadCaptchaDataset',
      'loadCaptchaEnsemble',
      'loadCaptchaPredictor',
      'synthCaptchaDataset',
      'trainCaptcha',
      'voteReadings',
      'wilsonInterval',
      'writeSyntheticCaptchas',
    ]);
  });

  it('follows the package pattern: the verbs every task package has', () => {
    const verbs = [
      api.buildCaptchaSeedModel,
      api.buildCaptchaModel,
      api.loadCaptchaDataset,
      api.synthCaptchaDataset,
      api.trainCaptcha,
      api.evaluateCaptcha,
      api.loadCaptchaPredictor,
    ];
    for (const verb of verbs) expect(typeof verb).toBe('function');
  });
});

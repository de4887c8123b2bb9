import { defineGroup } from '../../framework/spec';
import { captchaEnsemble } from './ensemble';
import { captchaEval } from './eval';
import { captchaPredict } from './predict';
import { captchaSynth } from './synth';
import { captchaTrain } from './train';

export const captchaCommand = defineGroup({
  name: 'captcha',
  summary: 'captcha reading (CNN+GRU, CTC): synth | train | eval | predict | ensemble',
  commands: [captchaSynth, captchaTrain, captchaEval, captchaPredict, captchaEnsemble],
});

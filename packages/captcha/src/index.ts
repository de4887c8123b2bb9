export { augmentCaptcha, type CaptchaAugment, DEFAULT_CAPTCHA_AUGMENT } from './augment';
export {
  type CaptchaDataset,
  type CaptchaSample,
  captchaDataset,
  type LoadCaptchaDatasetOptions,
  loadCaptchaDataset,
} from './data';
export type { DecodeOptions } from './decode';
export {
  type CaptchaEnsemble,
  type CaptchaEnsembleEvaluation,
  type EnsembleMethod,
  evaluateCaptchaEnsemble,
  loadCaptchaEnsemble,
  voteReadings,
} from './ensemble';
export { evaluateCaptcha } from './evaluate';
export { type CaptchaLabelOptions, type LabelFrom, labelOfFile } from './labels';
export { captchaMetrics, wilsonInterval } from './metrics';
export {
  buildCaptchaModel,
  buildCaptchaSeedCnn,
  buildCaptchaSeedModel,
  type CaptchaModelOptions,
  type CaptchaSeedModelOptions,
  DEFAULT_INPUT,
  SEED_INPUT,
} from './model';
export { type CaptchaImage, type CaptchaPredictor, loadCaptchaPredictor } from './predict';
export {
  ALNUM_LOWER,
  CAPTCHA_V2_CHARSET,
  type CaptchaStyle,
  DEFAULT_CAPTCHA_STYLE,
  type SynthCaptchaOptions,
  synthCaptchaDataset,
} from './synth/captcha';
export { writeSyntheticCaptchas } from './synth/files';
export { CAPTCHA_FONT_PATHS } from './synth/fonts';
export {
  CAPTCHA_TASK,
  type CaptchaArchitecture,
  type CaptchaInput,
  type CaptchaMetrics,
  type CaptchaModelInfo,
  type CaptchaPrediction,
  type CaseRule,
  type ConfusedPair,
} from './task';
export { trainCaptcha } from './train';
export type { TrainCaptchaOptions, TrainCaptchaResult } from './train-options';

/**
 * What training and prediction share: the task name, the model-input record, the label
 * alphabet and the result types. predict.ts and evaluate.ts import this, never train.ts.
 */

export const CAPTCHA_TASK = 'captcha';

/** Model families: the seed's multi-head CNN+GRU, or our CNN+BiGRU+CTC reader. */
export type CaptchaArchitecture = 'seed' | 'default';

/** The image size and channel count a model reads; every input is resized to it. */
export interface CaptchaInput {
  height: number;
  width: number;
  /** 1 (gray) or 3 (RGB). */
  channels: 1 | 3;
}

/** How a model's outputs turn into text. */
export type CaptchaDecoding = 'heads' | 'ctc';

/**
 * The preprocessing and label record of a trained model (dl.json `preprocessing` and
 * `extra`): enough to read a captcha without the training code.
 */
export interface CaptchaModelInfo {
  architecture: CaptchaArchitecture;
  decoding: CaptchaDecoding;
  input: CaptchaInput;
  /** The symbols, in class order (the CTC blank is the class after the last one). */
  charset: string;
  /** Fixed captcha length, or null for variable-length (CTC only). */
  length: number | null;
  /** Case folding applied to labels and predictions ('none' keeps case). */
  caseRule: CaseRule;
}

/** 'lower'/'upper': labels are folded to that case before they are checked against the charset. */
export type CaseRule = 'none' | 'lower' | 'upper';

/** One read captcha. */
export interface CaptchaPrediction {
  text: string;
  /** Probability of the text: product of per-position maxima (heads) or the CTC path's. */
  confidence: number;
  /** The best symbol's probability at each position (heads) or for each emitted symbol (CTC). */
  perCharacter: number[];
}

/** A truth/prediction pair the reader mixed up most. */
export interface ConfusedPair {
  truth: string;
  predicted: string;
  count: number;
}

/** Held-out scores of a captcha reader. */
export interface CaptchaMetrics {
  /** Captchas read exactly (whole-captcha accuracy). */
  accuracy: number;
  /** 95% Wilson score interval of `accuracy` (test sets are small). */
  accuracyInterval: [number, number];
  /** Captchas scored. */
  count: number;
  /** Accuracy at each position (positions past a prediction's end count as wrong). */
  perPosition: number[];
  /** Per true symbol: the fraction of its occurrences read correctly at their position. */
  perCharacter: Record<string, number>;
  /** Character error rate: edit distance / true length, summed over the set. */
  cer: number;
  /** Most frequent position-aligned substitutions, most frequent first (up to 10). */
  confusions: ConfusedPair[];
}

import type {
  DlMetaInput,
  OutputClaim,
  Rng,
  StopReason,
  TaskTrainOptions,
  TaskTrainResult,
} from '@dl/core';
import type { CaptchaAugment } from './augment';
import type { CaptchaDataset } from './data';
import type { CaptchaModelOptions, CaptchaSeedModelOptions } from './model';
import type { CaptchaSplit } from './split';
import type { SynthCaptchaOptions } from './synth/captcha';
import type { CaptchaArchitecture, CaptchaInput, CaptchaMetrics, CaptchaModelInfo } from './task';

export interface TrainCaptchaOptions extends TaskTrainOptions {
  /**
   * 'default' (our CNN + BiGRU + CTC reader, buildCaptchaModel) or 'seed' (SEEDS.md §7's
   * multi-head CNN+GRU, trained in its two stages). Default 'default'.
   */
  architecture?: CaptchaArchitecture;
  /** Labelled captchas (loadCaptchaDataset, synthCaptchaDataset). Default: 2,000 synthetic ones. */
  data?: CaptchaDataset;
  /** What to synthesise when `data` is absent (default: synthCaptchaDataset's defaults, count 2000). */
  synthetic?: SynthCaptchaOptions;
  /** A held-out test set; when given, `data` is not split for testing. */
  test?: CaptchaDataset;
  /** Fraction of `data` held out for the test metrics when `test` is absent (default 0.2). */
  testFraction?: number;
  /** Fraction of the training part kept for validation (best-epoch choice; default 0.1). */
  validationFraction?: number;
  /** Model input (default DEFAULT_INPUT 32 × 128 × 1, or SEED_INPUT 60 × 200 × 3 for the seed). */
  input?: CaptchaInput;
  /** Adam's learning rate (default 2e-3 for the CTC reader, 1e-3 for the seed; β1 0.9). */
  learningRate?: number;
  /**
   * Training augmentation: true/false or overrides of DEFAULT_CAPTCHA_AUGMENT. Default on for
   * the CTC reader, off for the seed (as the original).
   */
  augment?: boolean | Partial<CaptchaAugment>;
  /** Builder options of the CTC reader (filters, units, rnn 'gru' | 'lstm', dropout…). */
  model?: Omit<CaptchaModelOptions, 'input' | 'classes'>;
  /** Builder options of the seed (l2, dropouts). */
  seedModel?: Omit<CaptchaSeedModelOptions, 'input' | 'classes' | 'length'>;
  /**
   * Epochs of the seed's first stage (the CNN with heads on the pooled features), before the
   * CNN+GRU stage trains for `epochs`. Default: half of `epochs`, at least 1.
   */
  cnnEpochs?: number;
  /** Stop after this many epochs without a better validation loss (default: never). */
  patience?: number;
  /**
   * CTC reader: weight of the guided-alignment warm-up (default 1; 0 turns it off). A
   * framewise cross-entropy on pseudo frame labels (the text's ink span split evenly among
   * its characters) is added to the CTC loss, its weight falling linearly to 0 over
   * `alignmentEpochs`. Without it the reader can sit on CTC's all-blank plateau for the whole
   * run: on the real captcha_images_v2 set it did for 40 epochs.
   */
  alignmentWeight?: number;
  /**
   * CTC reader: gradients are rescaled to at most this global norm before each Adam step
   * (default 0: off). Against late loss spikes; at 5 it did not steady a real-data fold.
   */
  clipNorm?: number;
  /** Epochs over which the warm-up's weight falls to 0 (default a quarter of `epochs`, ≥ 1). */
  alignmentEpochs?: number;
}

export interface TrainCaptchaResult extends TaskTrainResult<CaptchaMetrics> {
  split: { train: number; validation: number; test: number };
  /** Wall-clock seconds of the whole run. */
  seconds: number;
  parameters: number;
}

export type { StopReason };

/** What both trainers get: the resolved data, split, model info and dl.json metadata. */
/** @internal */
export interface CaptchaRun {
  claim: OutputClaim;
  o: TrainCaptchaOptions;
  rng: Rng;
  seed: number;
  split: CaptchaSplit;
  info: CaptchaModelInfo;
  augment: CaptchaAugment | undefined;
  meta: DlMetaInput;
  started: number;
}

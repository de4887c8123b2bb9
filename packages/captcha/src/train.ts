import { type DlMetaInput, Rng, tf, withModelOutput } from '@dl/core';
import pkg from '../package.json';
import { type CaptchaAugment, DEFAULT_CAPTCHA_AUGMENT } from './augment';
import { checkLabel } from './labels';
import { DEFAULT_INPUT, SEED_INPUT } from './model';
import { splitCaptchas } from './split';
import { synthCaptchaDataset } from './synth/captcha';
import { CAPTCHA_TASK, type CaptchaModelInfo } from './task';
import { trainCtcReader } from './train-ctc';
import type { CaptchaRun, TrainCaptchaOptions, TrainCaptchaResult } from './train-options';
import { trainSeedReader } from './train-seed';

/**
 * Trains a captcha reader and saves it as a model directory: the data (default: synthetic
 * captchas) split into train / validation / test, the chosen architecture trained with
 * best/last checkpoints (the best validation loss is kept; `resume` continues a run), then
 * whole-captcha accuracy (with its 95% interval), per-position and per-character accuracy, CER
 * and the most confused pairs on the test split, stored in dl.json.
 */
export async function trainCaptcha(o: TrainCaptchaOptions): Promise<TrainCaptchaResult> {
  return withModelOutput(o.outDir, { resume: o.resume }, async (claim) => {
    const started = performance.now();
    const seed = o.seed ?? 1;
    const rng = new Rng(seed);
    const architecture = o.architecture ?? 'default';
    const data = o.data ?? synthCaptchaDataset({ count: 2000, seed, ...o.synthetic });
    const split = splitCaptchas(
      data.samples,
      {
        test: o.testFraction ?? 0.2,
        validation: o.validationFraction ?? 0.1,
        testSet: o.test?.samples,
      },
      rng,
    );
    if (o.test) for (const s of o.test.samples) checkLabel(s.text, data, s.source);
    const info: CaptchaModelInfo = {
      architecture,
      decoding: architecture === 'seed' ? 'heads' : 'ctc',
      input: o.input ?? (architecture === 'seed' ? SEED_INPUT : DEFAULT_INPUT),
      charset: data.charset,
      length: data.length,
      caseRule: data.caseRule,
    };
    const augment = resolveAugment(o.augment, architecture !== 'seed');
    const meta: DlMetaInput = {
      task: CAPTCHA_TASK,
      package: { name: pkg.name, version: pkg.version },
      labels: [...data.charset],
      preprocessing: { ...info.input, scale: 1 / 255 },
      seed,
      dataFingerprint: data.fingerprint,
      backend: tf.getBackend(),
      extra: {
        captcha: info,
        augment: augment ?? null,
        synthetic: data.synthetic,
        // Not epochs: a resumed run may train longer.
        training: {
          learningRate: o.learningRate ?? null,
          batchSize: o.batchSize ?? null,
          testFraction: o.test ? null : (o.testFraction ?? 0.2),
          validationFraction: o.validationFraction ?? 0.1,
          model: o.model ?? null,
          seedModel: o.seedModel ?? null,
        },
      },
    };
    const run: CaptchaRun = { claim, o, rng, seed, split, info, augment, meta, started };
    return architecture === 'seed' ? trainSeedReader(run) : trainCtcReader(run);
  });
}

function resolveAugment(
  option: TrainCaptchaOptions['augment'],
  byDefault: boolean,
): CaptchaAugment | undefined {
  if (option === false || (option === undefined && !byDefault)) return undefined;
  return { ...DEFAULT_CAPTCHA_AUGMENT, ...(typeof option === 'object' ? option : {}) };
}

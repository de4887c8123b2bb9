import {
  DlError,
  type DlMeta,
  loadModelDir,
  type RankedPrediction,
  rankPredictions,
  readWav,
  tf,
} from '@dl/core';
import type { SpeechClip, SpeechDataset } from './data';
import { evaluateClips, type SpeechEvaluation } from './evaluate';
import { featureShape, type SpeechFeatureConfig, speechFeatures } from './features';
import { splitFsdd } from './fsdd';
import { SPEECH_TASK, type SpeechSplit } from './train';

/** Audio to recognise: a WAV path, or samples at a rate (one array, or one per channel). */
export type SpeechInput = string | { samples: Float32Array | Float32Array[]; sampleRate: number };

/** The best label, its probability and the k most probable labels, best first. */
export type SpeechPrediction = RankedPrediction;

export interface SpeechRecognizer {
  labels: readonly string[];
  features: SpeechFeatureConfig;
  meta: DlMeta;
  model: tf.LayersModel;
  /**
   * Recognises one recording: any rate (resampled), any channel count (mixed down), silence
   * trimmed and the clip fitted to the model's window exactly as in training.
   */
  predict(input: SpeechInput, options?: { topK?: number }): Promise<SpeechPrediction>;
  predictMany(
    inputs: readonly SpeechInput[],
    options?: { topK?: number },
  ): Promise<SpeechPrediction[]>;
  dispose(): void;
}

/** Loads a model directory written by trainSpeechRecognizer (or `dl speech train`). */
export async function loadSpeechRecognizer(dir: string): Promise<SpeechRecognizer> {
  const { model, meta } = await loadModelDir(dir, { task: SPEECH_TASK });
  const labels = meta.labels ?? [];
  const features = meta.preprocessing as unknown as SpeechFeatureConfig | undefined;
  const outputs = model.outputs[0].shape.at(-1);
  if (labels.length !== outputs) {
    throw new DlError(
      'MODEL_INVALID',
      `dl.json lists ${labels.length} labels but the model has ${outputs} outputs`,
      { path: dir },
    );
  }
  const inputShape = model.inputs[0].shape.slice(1);
  if (!features || featureShape(features).join('×') !== inputShape.join('×')) {
    throw new DlError(
      'MODEL_INVALID',
      `dl.json's feature settings do not produce the model's input ${inputShape.join('×')}`,
      { path: dir },
    );
  }
  // the seed model outputs logits (see buildSpeechSeedModel)
  const logits = meta.extra?.outputs === 'logits';
  const predictMany = async (inputs: readonly SpeechInput[], { topK = 3 } = {}) => {
    const shape = featureShape(features);
    const per = shape[0] * shape[1];
    const x = new Float32Array(inputs.length * per);
    for (let i = 0; i < inputs.length; i++) {
      const audio = await toMono(inputs[i]);
      x.set(speechFeatures(audio.samples, audio.sampleRate, features), i * per);
    }
    const scores = tf.tidy(() => {
      const out = model.predict(tf.tensor3d(x, [inputs.length, ...shape])) as tf.Tensor;
      return (logits ? tf.softmax(out) : out).arraySync() as number[][];
    });
    return rankPredictions(scores, labels, topK);
  };
  return {
    labels,
    features,
    meta,
    model,
    predictMany,
    async predict(input, options) {
      return (await predictMany([input], options))[0];
    },
    dispose: () => model.dispose(),
  };
}

async function toMono(input: SpeechInput): Promise<{ samples: Float32Array; sampleRate: number }> {
  if (typeof input === 'string') return readWav(input);
  const { samples, sampleRate } = input;
  if (samples instanceof Float32Array) return { samples, sampleRate };
  if (
    !Array.isArray(samples) ||
    samples.length === 0 ||
    !samples.every((c) => c instanceof Float32Array)
  ) {
    throw new DlError(
      'INVALID_ARGUMENT',
      'samples must be a Float32Array or an array of channels (Float32Arrays)',
    );
  }
  const n = samples[0].length;
  if (samples.some((c) => c.length !== n)) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `channels differ in length: ${samples.map((c) => c.length).join(', ')} samples`,
    );
  }
  const mono = new Float32Array(n);
  for (const c of samples) for (let i = 0; i < n; i++) mono[i] += c[i] / samples.length;
  return { samples: mono, sampleRate };
}

/**
 * Scores a saved model on a data set: its test split (`split`, default FSDD's standard one) or,
 * with `split: 'all'`, every recording — accuracy, per-class P/R/F1, per-speaker and per-digit.
 */
export async function evaluateSpeechRecognizer(
  dir: string,
  data: SpeechDataset,
  options: { split?: SpeechSplit | 'all' } = {},
): Promise<SpeechEvaluation> {
  const recognizer = await loadSpeechRecognizer(dir);
  try {
    const names = recognizer.labels.join(',');
    if (names !== data.labels.join(',')) {
      throw new DlError(
        'DATA_INVALID',
        `the model knows labels ${names}; the data set has ${data.labels.join(',')}`,
        { path: dir },
      );
    }
    const split = options.split ?? { mode: 'standard' };
    let clips: SpeechClip[];
    if (split === 'all') clips = data.clips;
    else if (split.mode === 'speaker') {
      if (!split.testSpeakers) {
        throw new DlError('INVALID_ARGUMENT', 'evaluating a speaker split needs testSpeakers');
      }
      clips = splitFsdd(data.clips, { mode: 'speaker', testSpeakers: split.testSpeakers }).test;
    } else clips = splitFsdd(data.clips).test;
    if (clips.length === 0)
      throw new DlError('DATA_INVALID', 'no recordings to evaluate in this split');
    return await evaluateClips(recognizer.model, clips, recognizer.features, recognizer.labels);
  } finally {
    recognizer.dispose();
  }
}

import { mkdtempSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeWav, initBackend, resample, tf } from '@dl/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SpeechDataset, synthSpeechDataset } from '../src/data';
import { evaluateSpeech } from '../src/evaluate';
import { loadSpeechPredictor } from '../src/predict';
import { synthVoices } from '../src/synth';
import { type TrainSpeechResult, trainSpeech } from '../src/train';

// Learning test: espeak-ng voices never heard in training must still be recognised.
// 16 voices × 10 digits × 4 takes; 4 voices held out; 12 epochs of the default model with
// augmentation (≈ 45 s on one wasm thread).
const root = mkdtempSync(join(tmpdir(), 'dl-speech-learn-'));
const modelDir = join(root, 'model');
let data: SpeechDataset;
let result: TrainSpeechResult;

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
  data = await synthSpeechDataset({ voices: synthVoices(16), renditions: 4, seed: 3 });
  result = await trainSpeech({
    data,
    split: { mode: 'speaker', heldOut: 4 },
    outDir: modelDir,
    epochs: 12,
    seed: 1,
    progress: 'silent',
  });
}, 300_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('spoken digits from unseen voices', () => {
  it('reaches ≥ 95% accuracy on held-out synthetic speakers', () => {
    expect(result.split.testSpeakers).toHaveLength(4);
    expect(result.split.test).toBe(4 * 10 * 4);
    expect(result.metrics.accuracy).toBeGreaterThanOrEqual(0.95);
    // and on each held-out voice, not only on average
    for (const s of result.bySpeaker) expect(s.accuracy, s.key).toBeGreaterThanOrEqual(0.85);
    expect(result.byLabel.map((r) => r.key)).toEqual([
      '0',
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
    ]);
  });

  it('saves dl.json with the features, labels and test metrics, loadable by plain tfjs', async () => {
    const meta = JSON.parse(await readFile(join(modelDir, 'dl.json'), 'utf8'));
    expect(meta.task).toBe('speech-digits');
    expect(meta.preprocessing.kind).toBe('logmel');
    expect(meta.metrics.accuracy).toBeCloseTo(result.metrics.accuracy, 6);
    expect(meta.extra.testSpeakers).toEqual(result.split.testSpeakers);
    // the model uses standard layers only (no custom ZeroPadding1D): plain tfjs reads it
    const json = JSON.parse(await readFile(join(modelDir, 'model.json'), 'utf8'));
    const bin = await readFile(join(modelDir, 'weights.bin'));
    const plain = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0].weights,
        weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
      }),
    );
    expect(plain.inputs[0].shape).toEqual([null, 101, 40]);
    plain.dispose();
  });

  it('recognises a WAV file and stereo audio at another rate, with top-k', async () => {
    const recognizer = await loadSpeechPredictor(modelDir);
    const held = new Set(result.split.testSpeakers);
    const clips = data.clips.filter((c) => held.has(c.speaker) && c.index === 0);
    // 1. a WAV file at 8 kHz, with a second of silence around the word (trimmed away)
    const seven = clips.find((c) => c.label === 7)!;
    const padded = new Float32Array(seven.samples.length + 16000);
    padded.set(seven.samples, 8000);
    const path = join(root, 'seven.wav');
    await writeFile(path, encodeWav(padded, 8000));
    const fromFile = await recognizer.predict(path, { topK: 3 });
    expect(fromFile.label).toBe('7');
    expect(fromFile.top).toHaveLength(3);
    expect(fromFile.top[0].probability).toBeGreaterThanOrEqual(fromFile.top[1].probability);
    // 2. the same speaker's "three" as 22.05 kHz stereo channels
    const three = clips.find((c) => c.label === 3)!;
    const hi = resample(three.samples, 8000, 22050);
    const stereo = await recognizer.predict({ samples: [hi, hi], sampleRate: 22050 });
    expect(stereo.label).toBe('3');
    // 3. a batch agrees with one-by-one
    const many = await recognizer.predictBatch(
      clips.map((c) => ({ samples: c.samples, sampleRate: 8000 })),
    );
    const correct = many.filter((p, i) => p.label === String(clips[i].label)).length;
    expect(correct / clips.length).toBeGreaterThanOrEqual(0.9);
    await expect(
      recognizer.predict({ samples: [hi, hi.subarray(1)], sampleRate: 22050 }),
    ).rejects.toThrow(/channels differ in length/);
    recognizer.dispose();
  });

  it('trains the seed model too, whose logits the recognizer turns into probabilities', async () => {
    const few = { ...data, clips: data.clips.filter((c) => c.speaker === data.clips[0].speaker) };
    const seedDir = join(root, 'seed');
    const seed = await trainSpeech({
      data: few,
      split: { mode: 'standard' }, // takes 0–4 are FSDD's test set, and this voice has 0–3 …
      outDir: seedDir,
      architecture: 'seed',
      epochs: 2,
      progress: 'silent',
    }).catch((e: Error) => e);
    // … so the standard split has nothing to train on, and says so
    expect(String(seed)).toMatch(/training split is empty.*use a speaker split/);
    const run = await trainSpeech({
      data,
      split: { mode: 'speaker', testSpeakers: result.split.testSpeakers },
      outDir: seedDir,
      architecture: 'seed',
      epochs: 3,
      progress: 'silent',
    });
    expect(run.history.loss.at(-1)).toBeLessThan(run.history.loss[0]);
    const recognizer = await loadSpeechPredictor(seedDir);
    const clip = data.clips[0];
    const p = await recognizer.predict({ samples: clip.samples, sampleRate: 8000 }, { topK: 10 });
    const total = p.top.reduce((s, t) => s + t.probability, 0);
    expect(total).toBeCloseTo(1, 4);
    expect(p.probability).toBeGreaterThan(0);
    recognizer.dispose();
  });

  it('evaluates a saved model on a data set with the same per-speaker report', async () => {
    const evaluation = await evaluateSpeech(modelDir, data, {
      split: { mode: 'speaker', testSpeakers: result.split.testSpeakers },
    });
    expect(evaluation.metrics.accuracy).toBeCloseTo(result.metrics.accuracy, 6);
    expect(evaluation.bySpeaker.map((s) => s.key)).toEqual([...result.split.testSpeakers].sort());
  });
});

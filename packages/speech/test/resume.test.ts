import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataFingerprint, initBackend, readDlMeta } from '@dl/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpeechClip, SpeechDataset } from '../src/data';
import { type TrainSpeechOptions, trainSpeechRecognizer } from '../src/train';

const root = mkdtempSync(join(tmpdir(), 'dl-speech-resume-'));
beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** Three "words" (tones) by three speakers (pitch offsets), four takes each: tiny and in memory. */
function tones(): SpeechDataset {
  const rate = 8000;
  const clips: SpeechClip[] = [];
  for (const [s, speaker] of ['a', 'b', 'c'].entries()) {
    for (let label = 0; label < 3; label++) {
      for (let index = 0; index < 4; index++) {
        const hz = 300 + 250 * label + 20 * s + 5 * index;
        const samples = Float32Array.from(
          { length: rate / 2 },
          (_, i) => 0.5 * Math.sin((2 * Math.PI * hz * i) / rate),
        );
        clips.push({ samples, sampleRate: rate, label, speaker, index });
      }
    }
  }
  return {
    clips,
    labels: ['low', 'mid', 'high'],
    sampleRate: rate,
    fingerprint: dataFingerprint(['tones:3x3x4']),
    skipped: [],
    synthetic: false,
  };
}

const data = tones();
const options = (outDir: string, epochs: number): TrainSpeechOptions => ({
  data,
  split: { mode: 'speaker', testSpeakers: ['c'] },
  outDir,
  epochs,
  batchSize: 8,
  seed: 2,
  progress: 'silent',
});

describe('trainSpeechRecognizer resume', () => {
  it('continues from the last checkpoint, and refuses one of another run', async () => {
    const dir = join(root, 'model');
    const last = join(`${dir}.checkpoints`, 'last');
    const first = await trainSpeechRecognizer(options(dir, 1)); // "interrupted" after epoch 1
    expect((await readDlMeta(last)).extra).toMatchObject({ epoch: 0 });

    const resumed = await trainSpeechRecognizer({ ...options(dir, 2), resume: true });
    expect(resumed.message).toMatch(/^resumed after epoch 1, trained 1 more epoch\(s\)/);
    expect(resumed.history.loss).toHaveLength(2);
    expect(resumed.history.loss[0]).toBe(first.history.loss[0]);
    expect((await readDlMeta(last)).extra).toMatchObject({ epoch: 1 });

    await expect(
      trainSpeechRecognizer({ ...options(dir, 3), learningRate: 0.01, resume: true }),
    ).rejects.toThrow(
      /cannot resume from .*last: its training\.learningRate differs from this run's \(checkpoint 0\.003, now 0\.01\)/,
    );
    await expect(
      trainSpeechRecognizer({ ...options(dir, 3), augment: false, resume: true }),
    ).rejects.toThrow(/its augment differs/);
    await expect(
      trainSpeechRecognizer({ ...options(dir, 3), seed: 3, resume: true }),
    ).rejects.toThrow(/its seed differs/);
    await expect(trainSpeechRecognizer({ ...options(dir, 2), resume: true })).rejects.toThrow(
      /checkpoint already has 2 epochs; ask for more than that to resume/,
    );
    await expect(
      trainSpeechRecognizer({ ...options(join(root, 'never'), 2), resume: true }),
    ).rejects.toThrow(/no checkpoint to resume from: .*never\.checkpoints/);
  });
});

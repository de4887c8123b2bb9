import { initBackend } from '@dl/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateCaptchaEnsemble, loadCaptchaEnsemble, voteReadings } from '../src/ensemble';
import { captchaMetrics } from '../src/metrics';
import { loadCaptchaPredictor } from '../src/predict';
import type { CaptchaPrediction } from '../src/task';
import { tinyData, tinyReader } from './helpers/tiny';

const reading = (text: string, perCharacter: number[]) => ({
  text,
  confidence: perCharacter.reduce((p, v) => p * v, 1),
  perCharacter,
});

describe('voteReadings', () => {
  it('majority per position: three readers each wrong once, at different places, vote right', () => {
    const voted = voteReadings([
      reading('x345', [0.5, 0.9, 0.9, 0.9]),
      reading('2x45', [0.9, 0.5, 0.9, 0.9]),
      reading('23x5', [0.9, 0.9, 0.5, 0.9]),
    ]);
    expect(voted.text).toBe('2345');
    expect(voted.perCharacter).toEqual([2 / 3, 2 / 3, 2 / 3, 1]);
  });

  it('a tie goes to the higher summed confidence; different lengths vote on the whole text', () => {
    expect(voteReadings([reading('ab', [0.9, 0.9]), reading('ac', [0.9, 0.6])]).text).toBe('ab');
    expect(voteReadings([reading('ac', [0.9, 0.6]), reading('ab', [0.9, 0.9])]).text).toBe('ab');
    const mixed = voteReadings([
      reading('abc', [1, 1, 1]),
      reading('ab', [1, 1]),
      reading('ab', [1, 1]),
    ]);
    expect(mixed.text).toBe('ab');
    expect(mixed.confidence).toBeCloseTo(2 / 3, 10);
  });
});

describe('ensembles of saved readers', () => {
  let dirs: string[];
  let other: string;
  let seed: string;
  beforeAll(async () => {
    // wasm on one thread: the fastest here, and steady on a shared machine
    await initBackend({ prefer: 'wasm', threads: 1 });
    dirs = [await tinyReader(1), await tinyReader(2), await tinyReader(3)];
    other = await tinyReader(4, { data: tinyData(4, '2345x') });
    seed = await tinyReader(5, {
      architecture: 'seed',
      input: { height: 46, width: 64, channels: 1 },
      cnnEpochs: 1,
    });
  }, 900_000);

  it('vote: the ensemble reads what its members vote, and says whether it beats the best', async () => {
    const test = tinyData(20, '23456', 12);
    const evaluation = await evaluateCaptchaEnsemble(dirs, test, { method: 'vote' });
    // recompute the vote from the members' own readings
    const readings: CaptchaPrediction[][] = [];
    for (const d of dirs) {
      const p = await loadCaptchaPredictor(d);
      readings.push(await p.predictBatch(test.samples.map((s) => s.image)));
      p.dispose();
    }
    const voted = test.samples.map((_, i) => voteReadings(readings.map((r) => r[i])).text);
    const truth = test.samples.map((s) => s.text);
    expect(evaluation.ensemble).toEqual(captchaMetrics(truth, voted));
    evaluation.members.forEach((m, i) => {
      expect(m.metrics).toEqual(
        captchaMetrics(
          truth,
          readings[i].map((r) => r.text),
        ),
      );
    });
    const best = Math.max(...evaluation.members.map((m) => m.metrics.accuracy));
    expect(evaluation.members[evaluation.best].metrics.accuracy).toBe(best);
    expect(evaluation.beatsBest).toBe(evaluation.ensemble.accuracy > best);
  }, 300_000);

  it("average: decodes the mean of the members' probabilities", async () => {
    const ensemble = await loadCaptchaEnsemble(dirs, { method: 'average' });
    const image = tinyData(21, '23456', 1).samples[0].image;
    const read = await ensemble.predict(image);
    expect(read.text).toMatch(/^[23456]{4}$/);
    // averaging one model with itself changes nothing
    const twin = await loadCaptchaEnsemble([dirs[0], dirs[0]], { method: 'average' });
    const alone = await loadCaptchaPredictor(dirs[0]);
    expect((await twin.predict(image)).text).toBe((await alone.predict(image)).text);
    ensemble.dispose();
    twin.dispose();
    alone.dispose();
  }, 300_000);

  it('refuses members with different charsets, mixed kinds for averaging, and fewer than two', async () => {
    await expect(loadCaptchaEnsemble([dirs[0], other])).rejects.toThrow(
      /an ensemble needs one charset: .* reads '23456', .* reads '2345x'/,
    );
    await expect(loadCaptchaEnsemble([dirs[0], seed], { method: 'average' })).rejects.toThrow(
      /averaging probabilities needs members of one kind/,
    );
    // voting across kinds works: both read 4 symbols of the same charset
    const mixed = await loadCaptchaEnsemble([dirs[0], seed, dirs[1]]);
    expect((await mixed.predict(tinyData(22, '23456', 1).samples[0].image)).text).toMatch(
      /^[23456]{4}$/,
    );
    mixed.dispose();
    await expect(loadCaptchaEnsemble([dirs[0]])).rejects.toThrow(/needs ≥ 2 models/);
    await expect(loadCaptchaEnsemble(dirs, { method: 'median' as never })).rejects.toThrow(
      /'vote' or 'average'/,
    );
  }, 300_000);
});

import { existsSync, mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, readDlMeta, tf } from '@dl/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEXTCNN_DEFAULTS, TFIDF_DEFAULTS } from '../src/defaults';
import { loadTextCnnPredictor } from '../src/predict';
import { synthTextCnnSentiment } from '../src/synth';
import { trainTextClassifier, trainTextCnn } from '../src/train';
import type { TrainTextCnnKimOptions, TrainTextCnnOptions } from '../src/train-options';

const root = mkdtempSync(join(tmpdir(), 'dl-textcnn-options-'));
beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});
afterAll(() => rm(root, { recursive: true, force: true }));

const data = synthTextCnnSentiment({ count: 80, seed: 3 });
const tiny = { epochs: 1, maxLen: 12, embeddingDim: 4, progress: 'silent' } as const;

describe('TrainTextCnnOptions: one branch per architecture', () => {
  it('rejects, as types, fields of another branch', () => {
    const outDir = join(root, 'never');
    const wrong: TrainTextCnnOptions[] = [
      // @ts-expect-error n-grams are the TF-IDF baseline's
      { architecture: 'cnn-rand', data, outDir, maxNgram: 1 },
      // @ts-expect-error filters are Kim's CNNs'
      { architecture: 'tfidf', data, outDir, filters: 8 },
      // @ts-expect-error the baseline has no epochs
      { architecture: 'tfidf', data, outDir, epochs: 3 },
      // @ts-expect-error the seed's one convolution is part of its definition
      { architecture: 'seed', data, outDir, filterWidths: [2] },
    ];
    expect(wrong).toHaveLength(4);
  });

  it("trains 'default' as cnn-rand with the documented defaults", async () => {
    const outDir = join(root, 'default');
    const r = await trainTextCnn({ data, outDir, filters: 2, ...tiny });
    expect(r.stopReason).toBe('completed');
    const meta = await readDlMeta(outDir);
    expect(meta.extra).toMatchObject({
      architecture: 'cnn-rand',
      variant: 'rand',
      filterWidths: [...TEXTCNN_DEFAULTS.filterWidths],
      training: {
        batchSize: TEXTCNN_DEFAULTS.batchSize,
        optimizer: 'Adam',
        dropout: TEXTCNN_DEFAULTS.dropout,
        maxNorm: TEXTCNN_DEFAULTS.maxNorm,
        validation: TEXTCNN_DEFAULTS.validation,
        test: TEXTCNN_DEFAULTS.test,
      },
    });
    const training = meta.extra!.training as { learningRate: number };
    expect(training.learningRate).toBeCloseTo(1e-3, 9);
    const predictor = await loadTextCnnPredictor(outDir);
    expect(predictor.info).toMatchObject({ task: 'textcnn', architecture: 'cnn-rand', maxLen: 12 });
    predictor.dispose();
  });

  it('passes Kim-only options to the model: widths, maps, max-norm, Adadelta', async () => {
    const outDir = join(root, 'kim');
    const o: TrainTextCnnKimOptions = {
      architecture: 'cnn-rand',
      data,
      outDir,
      ...tiny,
      filterWidths: [2, 3],
      filters: 3,
      maxNorm: 0.05,
      optimizer: 'adadelta',
    };
    await trainTextCnn(o);
    const predictor = await loadTextCnnPredictor(outDir);
    const { model } = predictor;
    expect(model.getLayer('features_w2').getWeights()[0].shape).toEqual([2, 4, 3]);
    expect(() => model.getLayer('features_w4')).toThrow();
    const kernel = model.getLayer('output').getWeights()[0];
    const norms = tf.tidy(() => kernel.square().sum(0).sqrt().dataSync());
    for (const v of norms) expect(v).toBeLessThanOrEqual(0.05 + 1e-5);
    expect(predictor.info.meta.extra?.training).toMatchObject({
      optimizer: 'Adadelta',
      learningRate: 1,
      maxNorm: 0.05,
    });
    predictor.dispose();
  });

  it("trains 'seed' (50-d embeddings, Dense(50) head) and the deprecated 'cnn-seed' alike", async () => {
    const { embeddingDim: _, ...seedTiny } = tiny;
    await trainTextCnn({ architecture: 'seed', data, outDir: join(root, 'seed'), ...seedTiny });
    await trainTextClassifier({
      model: 'cnn-seed',
      data,
      outDir: join(root, 'cnn-seed'),
      ...seedTiny,
    });
    for (const name of ['seed', 'cnn-seed']) {
      const predictor = await loadTextCnnPredictor(join(root, name));
      expect(predictor.info.architecture).toBe('seed');
      expect(predictor.model.getLayer('embedding').getWeights()[0].shape[1]).toBe(50);
      expect(predictor.model.getLayer('hidden').getWeights()[0].shape).toEqual([20, 50]);
      expect(predictor.info.meta.extra?.training).toMatchObject({ maxNorm: null });
      predictor.dispose();
    }
  });

  it('passes TF-IDF options to the fit and records them', async () => {
    const outDir = join(root, 'tfidf');
    const r = await trainTextCnn({
      architecture: 'tfidf',
      data,
      outDir,
      maxNgram: 1,
      iterations: 7,
      c: 4,
      solver: 'adam',
      learningRate: 0.05,
    });
    expect(r.history.loss).toHaveLength(7);
    expect(r.stopReason).toBe('completed');
    const meta = await readDlMeta(outDir);
    expect(meta.preprocessing).toMatchObject({ maxNgram: 1 });
    expect(meta.vocabulary!.some((t) => t.includes(' '))).toBe(false);
    expect(meta.extra).toMatchObject({
      architecture: 'tfidf',
      c: 4,
      iterations: 7,
      learningRate: 0.05,
      minDf: TFIDF_DEFAULTS.minDf,
      maxFeatures: TFIDF_DEFAULTS.maxFeatures,
    });
    const predictor = await loadTextCnnPredictor(outDir);
    expect(predictor.info).toMatchObject({ task: 'text-tfidf', architecture: 'tfidf' });
    expect(predictor.info.maxLen).toBeUndefined();
    predictor.dispose();
  });

  it('refuses bad options before touching the output', async () => {
    const outDir = join(root, 'refused');
    const cases: [unknown, RegExp][] = [
      [
        { architecture: 'cnn-rand', model: 'tfidf', data, outDir },
        /give the model as architecture .*drop model/,
      ],
      [
        { architecture: 'cnn-huge', data, outDir },
        /unknown architecture 'cnn-huge'; expected one of seed, default, cnn-rand/,
      ],
      [
        { data, outDir, validation: 0.6, test: 0.5 },
        /must be fractions ≥ 0 that leave data to train on/,
      ],
      [{ data, outDir, filters: 0 }, /filters must be a positive integer, got 0/],
      [{ data, outDir, filterWidths: [] }, /filterWidths must be positive integers/],
      [
        { architecture: 'cnn-multichannel', data, outDir },
        /cnn-multichannel needs pretrained word vectors/,
      ],
      [{ architecture: 'tfidf', data, outDir, maxNgram: 3 }, /maxNgram must be 1 or 2, got 3/],
    ];
    for (const [options, message] of cases) {
      await expect(trainTextCnn(options as TrainTextCnnOptions)).rejects.toThrow(message);
    }
    expect(existsSync(outDir)).toBe(false);
    expect(existsSync(`${outDir}.checkpoints`)).toBe(false);
  });
});

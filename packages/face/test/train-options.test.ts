import { describe, expect, it } from 'vitest';
import { planFaceTraining } from '../src/train-options';

describe('planFaceTraining', () => {
  it("fills the seed's recipe and ours", () => {
    const seed = planFaceTraining({ outDir: 'm', architecture: 'seed' });
    expect(seed).toMatchObject({
      optimizer: 'sgd-nesterov',
      learningRate: 0.01,
      batchSize: 32,
      epochs: 20,
      augment: undefined,
      pre: { size: [42, 42], channels: 3 },
      split: { mode: 'fraction', test: 0.15 },
    });
    const ours = planFaceTraining({ outDir: 'm' });
    expect(ours).toMatchObject({
      optimizer: 'adam',
      learningRate: 2e-3,
      epochs: 40,
      pre: { size: [64, 64], channels: 1 },
    });
    expect(ours.augment?.flip).toBe(true);
    expect(
      planFaceTraining({ outDir: 'm', architecture: 'seed', optimizer: 'adam' }).learningRate,
    ).toBe(2e-3);
  });

  it('refuses impossible settings before any work', () => {
    expect(() =>
      planFaceTraining({ outDir: 'm', architecture: 'seed', preprocessing: { size: [30, 30] } }),
    ).toThrow(/at least 36×36/);
    expect(() => planFaceTraining({ outDir: 'm', validation: 1 })).toThrow(/validation/);
    expect(() => planFaceTraining({ outDir: 'm', architecture: 'vgg' as 'seed' })).toThrow(
      /architecture/,
    );
    expect(() => planFaceTraining({ outDir: 'm', optimizer: 'rmsprop' as 'adam' })).toThrow(
      /optimizer/,
    );
    expect(() => planFaceTraining({ outDir: 'm', filters: [8, 0, 8] })).toThrow(/filters/);
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_SPEECH_AUGMENT } from '../src/augment';
import { DEFAULT_FEATURES, SEED_FEATURES } from '../src/features';
import { planSpeechTraining } from '../src/train-options';

const outDir = 'unused';

describe('trainSpeech options', () => {
  it("fill in the documented defaults of the 'default' architecture", () => {
    expect(planSpeechTraining({ outDir })).toEqual({
      architecture: 'default',
      features: DEFAULT_FEATURES,
      augment: DEFAULT_SPEECH_AUGMENT,
      epochs: 30,
      batchSize: 32,
      learningRate: 3e-3,
      finalLearningRate: 3e-3 / 20,
      validation: 0.1,
      dropout: 0.3,
      seed: 1,
    });
  });

  it('and of the seed: its features, constant rate, no augmentation or dropout', () => {
    expect(planSpeechTraining({ outDir, architecture: 'seed' })).toEqual({
      architecture: 'seed',
      features: SEED_FEATURES,
      augment: undefined,
      epochs: 10,
      batchSize: 32,
      learningRate: 1e-3,
      finalLearningRate: 1e-3,
      validation: 0.1,
      dropout: 0,
      seed: 1,
    });
  });

  it('take overrides: the decay follows a changed learning rate, augment merges', () => {
    const plan = planSpeechTraining({
      outDir,
      learningRate: 0.01,
      augment: { noiseProbability: 0 },
      features: { nMels: 32 },
    });
    expect(plan.finalLearningRate).toBeCloseTo(0.01 / 20, 12);
    expect(plan.augment).toEqual({ ...DEFAULT_SPEECH_AUGMENT, noiseProbability: 0 });
    expect(plan.features).toEqual({ ...DEFAULT_FEATURES, nMels: 32 });
    expect(planSpeechTraining({ outDir, architecture: 'seed', augment: true }).augment).toEqual(
      DEFAULT_SPEECH_AUGMENT,
    );
    expect(planSpeechTraining({ outDir, augment: false }).augment).toBeUndefined();
  });

  it('map the deprecated seedModel flag onto architecture', () => {
    expect(planSpeechTraining({ outDir, seedModel: true }).architecture).toBe('seed');
    expect(planSpeechTraining({ outDir, seedModel: false }).architecture).toBe('default');
    expect(planSpeechTraining({ outDir, seedModel: true, architecture: 'seed' }).architecture).toBe(
      'seed',
    );
    expect(() => planSpeechTraining({ outDir, seedModel: true, architecture: 'default' })).toThrow(
      /seedModel: true contradicts architecture: 'default'/,
    );
  });

  it('reject impossible values, naming the option', () => {
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ architecture: 'cnn' }, /architecture must be 'seed' or 'default', got 'cnn'/],
      [{ epochs: 0 }, /epochs must be a positive integer, got 0/],
      [{ batchSize: 2.5 }, /batchSize must be a positive integer, got 2.5/],
      [{ learningRate: -1 }, /learningRate must be a positive number, got -1/],
      [{ finalLearningRate: 0 }, /finalLearningRate must be a positive number, got 0/],
      [{ validation: 1 }, /validation must be a fraction in \[0, 1\), got 1/],
      [{ dropout: 1.5 }, /dropout must be in \[0, 1\), got 1.5/],
    ];
    for (const [options, message] of bad) {
      expect(() => planSpeechTraining({ outDir, ...options }), JSON.stringify(options)).toThrow(
        message,
      );
    }
  });
});

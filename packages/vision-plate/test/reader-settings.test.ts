import { describe, expect, it } from 'vitest';
import { PLATE_READER_TRAIN_DEFAULTS, readerSettings } from '../src/ctc-reader/train-options';

describe('trainPlateReader settings', () => {
  it('fills in the defaults, realism included (half the synthetic crops degraded)', () => {
    const s = readerSettings({ outDir: 'x' });
    expect(s.realism).toBe(0.5);
    expect(PLATE_READER_TRAIN_DEFAULTS.realism).toBe(0.5);
    expect(readerSettings({ outDir: 'x', realism: 1 }).realism).toBe(1);
    expect(s.epochs).toBe(20);
    expect(readerSettings({ outDir: 'x', realism: 0.5 }).realism).toBe(0.5);
    expect(readerSettings({ outDir: 'x', realism: 0 }).realism).toBe(0);
  });

  it('refuses a realism outside [0, 1] and other impossible values, naming the option', () => {
    for (const realism of [-0.1, 1.5, Number.NaN]) {
      expect(() => readerSettings({ outDir: 'x', realism })).toThrow(/realism must be in \[0, 1\]/);
    }
    expect(() => readerSettings({ outDir: 'x', cropValidation: 1 })).toThrow(/cropValidation/);
    expect(() => readerSettings({ outDir: 'x', learningRate: 0 })).toThrow(/learningRate/);
    expect(() => readerSettings({ outDir: 'x', provinceWeight: 0 })).toThrow(/provinceWeight/);
    expect(() => readerSettings({ outDir: 'x', epochs: 1.5 })).toThrow(/epochs must be/);
  });
});

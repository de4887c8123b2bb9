import { describe, expect, it } from 'vitest';
import { inkSpan, pseudoFrames } from '../src/alignment';
import { alignmentWarmup } from '../src/train-ctc';

const input = { height: 8, width: 16, channels: 1 } as const;

/** A background that brightens left to right, with dark "ink" in columns [from, to). */
function image(from: number, to: number, ink = 0.1): Float32Array {
  const x = new Float32Array(8 * 16);
  for (let y = 0; y < 8; y++) {
    for (let c = 0; c < 16; c++) {
      const text = c >= from && c < to && y >= 2 && y < 6;
      x[y * 16 + c] = text ? ink : 0.5 + c / 32;
    }
  }
  return x;
}

describe('inkSpan', () => {
  it('finds the text columns on a gradient background', () => {
    expect(inkSpan(image(3, 12), input)).toEqual([3, 12]);
  });

  it('finds light text on a dark background too', () => {
    const x = image(5, 9, 1).map((v) => 1 - v);
    expect(inkSpan(x, input)).toEqual([5, 9]);
  });

  it('ignores a faint line below a quarter of the inkiest column', () => {
    // text columns: 4 pixels of ink; a faint one-pixel line across the rest has under a quarter
    const x = image(4, 10);
    for (let c = 0; c < 16; c++) if (c < 4 || c >= 10) x[7 * 16 + c] -= 0.3;
    expect(inkSpan(x, input)).toEqual([4, 10]);
  });

  it('is null for a blank image', () => {
    expect(inkSpan(new Float32Array(8 * 16).fill(0.7), input)).toBeNull();
  });

  it('reads RGB by the mean of the channels', () => {
    const gray = image(2, 7);
    const rgb = new Float32Array(gray.length * 3);
    gray.forEach((v, i) => rgb.fill(v, i * 3, i * 3 + 3));
    expect(inkSpan(rgb, { ...input, channels: 3 })).toEqual([2, 7]);
  });
});

describe('pseudoFrames', () => {
  it('splits the ink span evenly among the characters', () => {
    // ink [0, 16) split in two spans of 8 px; 4 steps of 4 px (centres 2, 6, 10, 14)
    const x = image(0, 16);
    expect(pseudoFrames(x, input, [3, 5], 4, 9)).toEqual([3, 3, 5, 5]);
  });

  it('is null without ink or without characters', () => {
    expect(pseudoFrames(new Float32Array(128).fill(0.2), input, [1], 4, 9)).toBeNull();
    expect(pseudoFrames(image(2, 9), input, [], 4, 9)).toBeNull();
  });
});

describe('alignmentWarmup', () => {
  it('falls linearly from the weight to 0 over its epochs', () => {
    const w = alignmentWarmup({ alignmentWeight: 2, alignmentEpochs: 2 }, 10, 5);
    expect([0, 5, 9, 10, 50].map(w.weight)).toEqual([2, 1, 2 * (1 - 9 / 10), 0, 0]);
  });

  it('defaults to weight 1 over a quarter of the epochs', () => {
    const w = alignmentWarmup({}, 40, 3);
    expect(w.weight(0)).toBe(1);
    expect(w.weight(29)).toBeGreaterThan(0);
    expect(w.weight(30)).toBe(0);
  });

  it('is off at weight 0 and refuses bad settings', () => {
    expect(alignmentWarmup({ alignmentWeight: 0 }, 4, 3).weight(0)).toBe(0);
    expect(() => alignmentWarmup({ alignmentWeight: -1 }, 4, 3)).toThrow(/alignmentWeight/);
    expect(() => alignmentWarmup({ alignmentEpochs: 0 }, 4, 3)).toThrow(/alignmentEpochs/);
    expect(() => alignmentWarmup({ alignmentEpochs: 1.5 }, 4, 3)).toThrow(/alignmentEpochs/);
  });
});

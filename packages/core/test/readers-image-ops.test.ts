import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/backend/init';
import {
  convertChannels,
  cropImage,
  type DecodedImage,
  normaliseImage,
  resizeImage,
  toGrayscale,
  toRgb,
  toRgba,
} from '../src/io/readers';
import * as tf from '../src/tf';
import { dlError } from './fixtures-gen/expect';

const img = (
  width: number,
  height: number,
  channels: 1 | 3 | 4,
  values: number[],
): DecodedImage => ({
  width,
  height,
  channels,
  data: Uint8Array.from(values),
});

/** Deterministic pseudo-random bytes (no Math.random: failures must reproduce). */
function bytes(n: number, seed = 1): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s % 256;
  });
}

beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
});

describe('channel conversion', () => {
  it('grayscale uses BT.601 luma (0.299, 0.587, 0.114) and ignores alpha', () => {
    const rgba = img(3, 1, 4, [255, 0, 0, 0, 0, 255, 0, 255, 10, 20, 30, 7]);
    const gray = toGrayscale(rgba);
    expect(gray.channels).toBe(1);
    expect(gray.data).toBeInstanceOf(Float32Array);
    expect(gray.data[0]).toBeCloseTo(76.245, 3);
    expect(gray.data[1]).toBeCloseTo(149.685, 3);
    expect(gray.data[2]).toBeCloseTo(0.299 * 10 + 0.587 * 20 + 0.114 * 30, 3);
  });

  it('matches tf.image.rgbToGrayscale', () => {
    const values = bytes(4 * 5 * 3);
    const ours = toGrayscale(img(4, 5, 3, values)).data;
    const theirs = tf.image.rgbToGrayscale(tf.tensor3d(values, [5, 4, 3], 'float32')).dataSync();
    for (let i = 0; i < ours.length; i++) expect(ours[i]).toBeCloseTo(theirs[i], 1);
  });

  it('RGB replicates gray and drops alpha; RGBA adds opaque alpha', () => {
    expect([...toRgb(img(2, 1, 1, [5, 9])).data]).toEqual([5, 5, 5, 9, 9, 9]);
    expect([...toRgb(img(1, 1, 4, [1, 2, 3, 4])).data]).toEqual([1, 2, 3]);
    expect([...toRgba(img(1, 1, 3, [1, 2, 3])).data]).toEqual([1, 2, 3, 255]);
    expect([...convertChannels(img(1, 1, 1, [8]), 4).data]).toEqual([8, 8, 8, 255]);
    const same = img(1, 1, 3, [1, 2, 3]);
    expect(toRgb(same)).toBe(same);
  });

  it('rejects an inconsistent image', async () => {
    const bad = {
      width: 2,
      height: 2,
      channels: 3,
      data: new Uint8Array(5),
      source: 'x.png',
    } as const;
    const e = await dlError(() => toGrayscale(bad));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toMatch(/x\.png: .*data length 5/);
  });
});

describe('resize (half-pixel centres)', () => {
  const square = img(2, 2, 1, [0, 10, 20, 30]);

  it('bilinear 2×2 → 4×4, by hand', () => {
    // Output x samples input (x + 0.5)/2 − 0.5 = −0.25, 0.25, 0.75, 1.25 → clamp, ¼, ¾, clamp.
    const out = resizeImage(square, [4, 4], 'bilinear');
    expect(out).toMatchObject({ width: 4, height: 4, channels: 1 });
    expect([...out.data]).toEqual([
      0, 2.5, 7.5, 10, 5, 7.5, 12.5, 15, 15, 17.5, 22.5, 25, 20, 22.5, 27.5, 30,
    ]);
  });

  it('nearest 2×2 → 4×4, by hand, keeps bytes', () => {
    // Output x takes input floor((x + 0.5)/2) = 0, 0, 1, 1.
    const out = resizeImage(square, [4, 4], 'nearest');
    expect(out.data).toBeInstanceOf(Uint8Array);
    expect([...out.data]).toEqual([0, 0, 10, 10, 0, 0, 10, 10, 20, 20, 30, 30, 20, 20, 30, 30]);
  });

  it('bilinear 4×4 → 2×2 averages 2×2 blocks', () => {
    const out = resizeImage(
      img(4, 4, 1, [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30]),
      [2, 2],
    );
    expect([...out.data]).toEqual([5, 9, 21, 25]);
  });

  it.each([
    [5, 7, 3, 11],
    [5, 7, 9, 4],
    [6, 3, 2, 8],
  ])('matches tf.image resize with halfPixelCenters (%i×%i → %i×%i, RGB)', (h, w, oh, ow) => {
    const values = bytes(h * w * 3, h * w);
    const input = tf.tensor3d(values, [h, w, 3], 'float32');
    const bilinear = resizeImage(img(w, h, 3, values), [oh, ow], 'bilinear').data;
    const tfBilinear = tf.image.resizeBilinear(input, [oh, ow], false, true).dataSync();
    for (let i = 0; i < bilinear.length; i++) expect(bilinear[i]).toBeCloseTo(tfBilinear[i], 3);
    const nearest = resizeImage(img(w, h, 3, values), [oh, ow], 'nearest').data;
    expect([...nearest]).toEqual([
      ...tf.image.resizeNearestNeighbor(input, [oh, ow], false, true).dataSync(),
    ]);
  });

  it('rejects bad sizes and methods', async () => {
    expect((await dlError(() => resizeImage(square, [0, 4]))).code).toBe('INVALID_ARGUMENT');
    expect((await dlError(() => resizeImage(square, [2.5, 4]))).code).toBe('INVALID_ARGUMENT');
    expect(
      (await dlError(() => resizeImage(square, [4, 4], 'cubic' as 'nearest'))).message,
    ).toMatch(/'cubic'/);
  });
});

describe('crop and normalise', () => {
  it('crops a box', () => {
    const rgb = img(3, 2, 3, [...Array(18).keys()]);
    const out = cropImage(rgb, { top: 1, left: 1, height: 1, width: 2 });
    expect(out).toMatchObject({ width: 2, height: 1, channels: 3 });
    expect([...out.data]).toEqual([12, 13, 14, 15, 16, 17]);
  });

  it('rejects a box outside the image', async () => {
    const e = await dlError(() =>
      cropImage(
        { ...img(3, 2, 1, [1, 2, 3, 4, 5, 6]), source: 'a.pgm' },
        { top: 1, left: 2, height: 2, width: 1 },
      ),
    );
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toMatch(/a\.pgm: crop box .* 3×2 image/);
  });

  it('scales to 0–1, or applies per-channel mean/std on the 0–1 scale', () => {
    expect([...normaliseImage(img(2, 1, 1, [0, 255]), 'scale').data]).toEqual([0, 1]);
    const out = normaliseImage(img(1, 1, 3, [255, 0, 51]), {
      mean: [0.5, 0.5, 0.2],
      std: [0.5, 0.25, 0.1],
    });
    expect(out.data[0]).toBeCloseTo(1, 6);
    expect(out.data[1]).toBeCloseTo(-2, 6);
    expect(out.data[2]).toBeCloseTo(0, 6);
    expect([...normaliseImage(img(1, 1, 1, [7]), 'none').data]).toEqual([7]);
  });

  it('rejects bad mean/std', async () => {
    const rgb = img(1, 1, 3, [1, 2, 3]);
    expect(
      (await dlError(() => normaliseImage(rgb, { mean: [0.5, 0.5], std: 1 }))).message,
    ).toMatch(/3 finite numbers/);
    expect((await dlError(() => normaliseImage(rgb, { mean: 0, std: [1, 0, 1] }))).message).toMatch(
      /std must be positive/,
    );
    expect((await dlError(() => normaliseImage(rgb, 'unit' as 'scale'))).code).toBe(
      'INVALID_ARGUMENT',
    );
  });
});

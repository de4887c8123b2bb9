import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/backend/init';
import { type DecodedImage, imagesToTensor, readImageBatch } from '../src/io/readers';
import * as tf from '../src/tf';
import { dlError } from './fixtures-gen/expect';
import { encodePnm } from './fixtures-gen/images';
import { useTempDir } from './fixtures-gen/tmp';

const dir = useTempDir('batch');

beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
});

const gray = (width: number, height: number, value: number, source?: string): DecodedImage => ({
  width,
  height,
  channels: 1,
  data: new Uint8Array(width * height).fill(value),
  source,
});

/** Writes `n` 2×2 PGMs whose pixels all equal their index × 10. */
function writeFaces(n: number, size = 2): string[] {
  return Array.from({ length: n }, (_, i) => {
    const path = join(dir, `face-${size}-${i}.pgm`);
    writeFileSync(
      path,
      encodePnm({
        variant: 'P5',
        width: size,
        height: size,
        maxval: 255,
        samples: Array(size * size).fill(i * 10),
      }),
    );
    return path;
  });
}

describe('imagesToTensor', () => {
  it('stacks to NHWC float32, scaled to 0–1 by default', () => {
    const t = imagesToTensor([gray(3, 2, 0), gray(3, 2, 255)], { channels: 1 });
    expect(t.shape).toEqual([2, 2, 3, 1]);
    expect(t.dtype).toBe('float32');
    const v = t.dataSync();
    expect(v[0]).toBe(0);
    expect(v[6]).toBe(1);
    t.dispose();
  });

  it('converts channels and resizes to size', () => {
    const rgb: DecodedImage = {
      width: 1,
      height: 1,
      channels: 3,
      data: Uint8Array.from([255, 0, 0]),
    };
    const t = imagesToTensor([rgb, gray(4, 4, 51)], {
      size: [2, 2],
      channels: 1,
      normalise: 'none',
    });
    expect(t.shape).toEqual([2, 2, 2, 1]);
    const v = t.dataSync();
    expect(v[0]).toBeCloseTo(0.299 * 255, 3);
    expect(v[4]).toBeCloseTo(51, 5);
    t.dispose();
    const color = imagesToTensor([gray(2, 2, 10)], { normalise: { mean: 0, std: 1 / 255 } });
    expect(color.shape).toEqual([1, 2, 2, 3]);
    expect(color.dataSync()[0]).toBeCloseTo(10, 4);
    color.dispose();
  });

  it('without size, different sizes are DATA_INVALID naming the odd image', async () => {
    const e = await dlError(() => imagesToTensor([gray(2, 2, 0, 'a.pgm'), gray(3, 2, 0, 'b.pgm')]));
    expect(e).toMatchObject({ code: 'DATA_INVALID', path: 'b.pgm' });
    expect(e.message).toMatch(/image 1 is 3×2 but image 0 is 2×2; pass size/);
  });

  it('rejects no images and bad channels', async () => {
    expect((await dlError(() => imagesToTensor([]))).code).toBe('INVALID_ARGUMENT');
    expect(
      (await dlError(() => imagesToTensor([gray(1, 1, 0)], { channels: 2 as 1 }))).message,
    ).toMatch(/1 or 3/);
  });
});

describe('readImageBatch', () => {
  it('yields batches of ≤ batchSize in path order, tensors owned by the caller', async () => {
    const paths = writeFaces(5);
    const before = tf.memory().numTensors;
    const seen: number[][] = [];
    for await (const batch of readImageBatch(paths, {
      batchSize: 2,
      channels: 1,
      normalise: 'none',
    })) {
      expect(batch.shape.slice(1)).toEqual([2, 2, 1]);
      const v = batch.dataSync();
      seen.push(Array.from({ length: batch.shape[0] }, (_, i) => v[i * 4]));
      batch.dispose();
    }
    expect(seen).toEqual([[0, 10], [20, 30], [40]]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('resizes to size when given; without it, all must match the first image', async () => {
    const paths = [...writeFaces(2, 2), ...writeFaces(1, 3)];
    const shapes: number[][] = [];
    for await (const b of readImageBatch(paths, { batchSize: 2, size: [4, 4], channels: 3 })) {
      shapes.push(b.shape);
      b.dispose();
    }
    expect(shapes).toEqual([
      [2, 4, 4, 3],
      [1, 4, 4, 3],
    ]);
    const consume = async () => {
      for await (const b of readImageBatch(paths, { batchSize: 2, channels: 1 })) b.dispose();
    };
    const e = await dlError(consume());
    expect(e).toMatchObject({ code: 'DATA_INVALID', path: paths[2] });
    expect(e.message).toMatch(/image is 3×3 but the first image is 2×2/);
  });

  it('a corrupt file fails its batch with FILE_CORRUPT naming it', async () => {
    const paths = writeFaces(3);
    const bad = join(dir, 'bad.png');
    writeFileSync(bad, 'not an image');
    const consume = async () => {
      for await (const b of readImageBatch([...paths, bad], { batchSize: 2 })) b.dispose();
    };
    expect(await dlError(consume())).toMatchObject({ code: 'FILE_CORRUPT', path: bad });
  });

  it('stopping early after a failed prefetch raises nothing unhandled', async () => {
    const paths = [...writeFaces(2), join(dir, 'missing.pgm')];
    for await (const b of readImageBatch(paths, { batchSize: 2 })) {
      b.dispose();
      break;
    }
    await new Promise((r) => setTimeout(r, 20)); // an unhandled rejection would fail the run
  });

  it('checks options at the call', async () => {
    expect((await dlError(() => readImageBatch([], { batchSize: 0 }))).code).toBe(
      'INVALID_ARGUMENT',
    );
    const none: unknown[] = [];
    for await (const b of readImageBatch([])) none.push(b);
    expect(none).toEqual([]);
  });
});

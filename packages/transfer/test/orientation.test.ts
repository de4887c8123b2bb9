import { createRequire } from 'node:module';
import { join } from 'node:path';
import { initBackend } from '@dl/core';
import { beforeAll, expect, it } from 'vitest';
import { resolvePackageDir } from '../src/backbones/resolve';
import { toImage } from '../src/predict';

beforeAll(async () => {
  await initBackend({ threads: 1 });
});

/** An APP1 segment holding one EXIF tag: Orientation (0x0112) = `value`. */
function exifOrientation(value: number): Uint8Array {
  const tiff = [
    0x4d,
    0x4d,
    0,
    0x2a,
    0,
    0,
    0,
    8,
    0,
    1,
    0x01,
    0x12,
    0,
    3,
    0,
    0,
    0,
    1,
    0,
    value,
    0,
    0,
  ];
  const body = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff, 0, 0, 0, 0];
  const length = body.length + 2;
  return Uint8Array.from([0xff, 0xe1, length >> 8, length & 0xff, ...body]);
}

/** The JPEG encoder @dl/core decodes with (jimp), reached through core's own dependencies. */
async function encodeJpeg(width: number, height: number, rgba: Uint8Array): Promise<Uint8Array> {
  const core = resolvePackageDir('@dl/core', process.cwd(), 'test');
  const { Jimp } = createRequire(join(core, 'package.json'))('jimp');
  const image = new Jimp({ width, height });
  image.bitmap.data.set(rgba);
  return new Uint8Array(await image.getBuffer('image/jpeg', { quality: 95 }));
}

it('applies EXIF orientation: a 4×2 photo tagged "rotate 90°" reads as 2×4, turned', async () => {
  // left half red, right half blue
  const rgba = new Uint8Array(4 * 2 * 4);
  for (let p = 0; p < 8; p++) rgba.set(p % 4 < 2 ? [255, 0, 0, 255] : [0, 0, 255, 255], p * 4);
  const jpeg = await encodeJpeg(4, 2, rgba);
  const tagged = new Uint8Array([
    ...jpeg.subarray(0, 2),
    ...exifOrientation(6),
    ...jpeg.subarray(2),
  ]);
  const plain = await toImage(jpeg);
  const turned = await toImage(tagged);
  expect([plain.width, plain.height]).toEqual([4, 2]);
  expect([turned.width, turned.height]).toEqual([2, 4]);
  // rotated 90° clockwise: the red left half is now the top
  const redAt = (row: number) => turned.data[row * 2 * turned.channels];
  expect(redAt(0)).toBeGreaterThan(200);
  expect(redAt(3)).toBeLessThan(60);
});

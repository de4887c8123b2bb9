import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeImage, detectImageFormat, readImage } from '../src/io/readers';
import { dlError } from './fixtures-gen/expect';
import { encodeImage, type ImageMime } from './fixtures-gen/images';
import { useTempDir } from './fixtures-gen/tmp';

const dir = useTempDir('image');
const write = (name: string, bytes: Uint8Array | string): string => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};

type Pixel = [number, number, number, number];
/** A 6×4 pattern, distinct per pixel. */
const pattern = (x: number, y: number): Pixel => [x * 40, y * 60, 200 - x * 30, 255];
/** Three colours: jimp's GIF encoder quantises (±1) and dithers anything richer. */
const fewColours = (x: number, y: number): Pixel =>
  [[255, 0, 0, 255] as Pixel, [0, 128, 255, 255] as Pixel, [20, 20, 20, 255] as Pixel][
    (x + 2 * y) % 3
  ];

describe('readImage formats', () => {
  it.each([
    ['image/png', 'png', 4, pattern, 0],
    ['image/bmp', 'bmp', 3, pattern, 0],
    ['image/gif', 'gif', 3, fewColours, 1],
  ] as const)(
    '%s decodes (%s, %i channels)',
    async (mime: ImageMime, ext, channels, pixel, tolerance) => {
      const path = write(`pattern.${ext}`, await encodeImage(mime, 6, 4, pixel));
      const image = await readImage(path);
      expect(image).toMatchObject({ width: 6, height: 4, channels, source: path });
      expect(image.data).toBeInstanceOf(Uint8Array);
      for (const [x, y] of [
        [0, 0],
        [5, 0],
        [2, 3],
        [5, 3],
      ]) {
        const at = (y * 6 + x) * channels;
        const want = pixel(x, y);
        for (let k = 0; k < 3; k++)
          expect(Math.abs(image.data[at + k] - want[k])).toBeLessThanOrEqual(tolerance);
      }
    },
  );

  it('JPEG decodes as RGB close to the source', async () => {
    const flat = (): Pixel => [200, 100, 50, 255];
    const image = await readImage(write('flat.jpg', await encodeImage('image/jpeg', 16, 16, flat)));
    expect(image).toMatchObject({ width: 16, height: 16, channels: 3 });
    for (let i = 0; i < image.data.length; i += 3) {
      expect(Math.abs(image.data[i] - 200)).toBeLessThan(4);
      expect(Math.abs(image.data[i + 1] - 100)).toBeLessThan(4);
      expect(Math.abs(image.data[i + 2] - 50)).toBeLessThan(4);
    }
  });

  it('PNG colour types give 1, 3 or 4 channels as stored', async () => {
    const gray = (x: number): Pixel => [x * 50, x * 50, x * 50, 255];
    const g = await readImage(write('gray.png', await encodeImage('image/png', 4, 2, gray, 0)));
    expect(g.channels).toBe(1);
    expect([...g.data.subarray(0, 4)]).toEqual([0, 50, 100, 150]);
    const rgb = await readImage(write('rgb.png', await encodeImage('image/png', 4, 2, pattern, 2)));
    expect(rgb.channels).toBe(3);
    expect([...rgb.data.subarray(3, 6)]).toEqual(pattern(1, 0).slice(0, 3));
    const ga = await readImage(write('ga.png', await encodeImage('image/png', 4, 2, gray, 4)));
    expect(ga.channels).toBe(4);
  });

  it('GIF with a transparent pixel keeps alpha', async () => {
    const holes = (x: number, y: number): Pixel =>
      x === 0 && y === 0 ? [0, 0, 0, 0] : [255, 0, 0, 255];
    const image = await readImage(write('holes.gif', await encodeImage('image/gif', 3, 3, holes)));
    expect(image.channels).toBe(4);
    expect(image.data[3]).toBe(0);
    expect(image.data[7]).toBe(255);
  });

  it('detects the format from the bytes, not the extension', async () => {
    const png = await encodeImage('image/png', 6, 4, pattern);
    const bmp = await encodeImage('image/bmp', 6, 4, pattern);
    expect((await readImage(write('really-png.jpg', png))).channels).toBe(4);
    expect((await readImage(write('really-bmp.png', bmp))).channels).toBe(3);
    expect(detectImageFormat(png)).toEqual({ kind: 'supported', format: 'png' });
  });

  it('channels option converts: BT.601 gray, RGB without alpha', async () => {
    const red = (): Pixel => [255, 0, 0, 255];
    const path = write('red.png', await encodeImage('image/png', 2, 2, red));
    const gray = await readImage(path, { channels: 1 });
    expect(gray.channels).toBe(1);
    expect(gray.data[0]).toBeCloseTo(0.299 * 255, 3);
    const rgb = await readImage(path, { channels: 3 });
    expect([...rgb.data.subarray(0, 3)]).toEqual([255, 0, 0]);
    expect(rgb.data.length).toBe(12);
  });
});

describe('readImage errors', () => {
  it('a text file named .png is FILE_CORRUPT naming the file and what was found', async () => {
    const path = write('notes.png', '<html>404 not found</html>');
    const e = await dlError(readImage(path));
    expect(e).toMatchObject({ code: 'FILE_CORRUPT', path });
    expect(e.message).toContain(path);
    expect(e.message).toMatch(
      /not an image: expected PNG, JPEG, BMP, GIF or PGM\/PPM .*found 3c 68 74 6d/,
    );
  });

  it('an empty file is FILE_CORRUPT', async () => {
    const e = await dlError(readImage(write('empty.jpg', '')));
    expect(e.code).toBe('FILE_CORRUPT');
    expect(e.message).toMatch(/empty file/);
  });

  it.each([
    ['image/png', 'png'],
    ['image/jpeg', 'jpg'],
    ['image/bmp', 'bmp'],
    ['image/gif', 'gif'],
  ] as const)(
    'a truncated %s is FILE_CORRUPT naming the file, not a codec error',
    async (mime: ImageMime, ext) => {
      const bytes = await encodeImage(mime, 16, 16, pattern);
      const path = write(`cut.${ext}`, bytes.subarray(0, Math.floor(bytes.length / 2)));
      const e = await dlError(readImage(path));
      expect(e).toMatchObject({ code: 'FILE_CORRUPT', path });
      expect(e.message).toMatch(
        new RegExp(`could not decode ${ext === 'jpg' ? 'JPEG' : ext.toUpperCase()} \\(truncated`),
      );
    },
  );

  it.each([
    ['TIFF', [0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]],
    ['TIFF', [0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8]],
    ['WEBP', [...Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ')]],
    ['HEIF/AVIF', [0, 0, 0, 0x18, ...Buffer.from('ftypavif')]],
  ])('%s is FILE_UNSUPPORTED', async (name, bytes) => {
    const path = write('image.png', new Uint8Array(bytes));
    const e = await dlError(readImage(path));
    expect(e).toMatchObject({ code: 'FILE_UNSUPPORTED', path });
    expect(e.message).toContain(`${name} images are not supported`);
  });

  it('a missing file is FILE_NOT_FOUND; a folder is INVALID_ARGUMENT', async () => {
    const missing = join(dir, 'nope.png');
    expect(await dlError(readImage(missing))).toMatchObject({
      code: 'FILE_NOT_FOUND',
      path: missing,
    });
    const folder = join(dir, 'a-folder.png');
    mkdirSync(folder);
    expect(await dlError(readImage(folder))).toMatchObject({
      code: 'INVALID_ARGUMENT',
      path: folder,
    });
  });

  it('decodeImage names the source it was given', async () => {
    const e = await dlError(decodeImage(new Uint8Array([1, 2, 3]), { source: 'mem://x' }));
    expect(e.message).toMatch(/^mem:\/\/x: not an image/);
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodePnm, readImage } from '../src/io/readers';
import { dlError } from './fixtures-gen/expect';
import { encodePnm } from './fixtures-gen/images';
import { useTempDir } from './fixtures-gen/tmp';

const dir = useTempDir('pnm');
const write = (name: string, bytes: Uint8Array | string): string => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};

describe('PGM/PPM decoding', () => {
  it('reads binary P5 (8-bit) exactly, whatever the extension', async () => {
    const samples = [0, 1, 127, 128, 254, 255];
    const path = write(
      'face.dat',
      encodePnm({ variant: 'P5', width: 3, height: 2, maxval: 255, samples }),
    );
    const image = await readImage(path);
    expect(image).toMatchObject({ width: 3, height: 2, channels: 1, source: path });
    expect(image.data).toBeInstanceOf(Uint8Array);
    expect([...image.data]).toEqual(samples);
  });

  it('reads ASCII P2 with comments anywhere in the header', () => {
    const header = '# made by hand\n2 # width\n# a line\n 2\n255# maxval then comment\n';
    const bytes = encodePnm({
      variant: 'P2',
      width: 2,
      height: 2,
      maxval: 255,
      samples: [10, 20, 30, 40],
      header,
    });
    const image = decodePnm(bytes);
    expect([...image.data]).toEqual([10, 20, 30, 40]);
    expect(image.channels).toBe(1);
  });

  it('reads binary P5 with a comment between maxval and the raster', () => {
    const header = '2 1 255#c\n';
    // The raster starts with bytes that look like whitespace and '#': they must be read as pixels.
    const image = decodePnm(
      encodePnm({ variant: 'P5', width: 2, height: 1, maxval: 255, samples: [0x0a, 0x23], header }),
    );
    expect([...image.data]).toEqual([0x0a, 0x23]);
  });

  it('reads RGB P6 and P3 interleaved', () => {
    const samples = [255, 0, 0, 0, 255, 0, 0, 0, 255, 9, 8, 7];
    for (const variant of ['P3', 'P6'] as const) {
      const image = decodePnm(encodePnm({ variant, width: 2, height: 2, maxval: 255, samples }));
      expect(image).toMatchObject({ width: 2, height: 2, channels: 3 });
      expect([...image.data]).toEqual(samples);
    }
  });

  it('rescales maxval < 255 to the 0–255 scale as float, without rounding', () => {
    const image = decodePnm(
      encodePnm({ variant: 'P2', width: 3, height: 1, maxval: 15, samples: [0, 1, 15] }),
    );
    expect(image.data).toBeInstanceOf(Float32Array);
    expect([...image.data]).toEqual([0, 17, 255]);
    const odd = decodePnm(
      encodePnm({ variant: 'P5', width: 1, height: 1, maxval: 100, samples: [33] }),
    );
    expect(odd.data[0]).toBeCloseTo(84.15, 4);
  });

  it('reads 16-bit samples big-endian (maxval 65535 and 1023)', () => {
    const wide = decodePnm(
      encodePnm({ variant: 'P5', width: 3, height: 1, maxval: 65535, samples: [0, 0x0102, 65535] }),
    );
    expect(wide.data[0]).toBe(0);
    expect(wide.data[1]).toBeCloseTo((0x0102 * 255) / 65535, 4); // 0x0201 if read little-endian
    expect(wide.data[2]).toBe(255);
    const tenBit = decodePnm(
      encodePnm({ variant: 'P6', width: 1, height: 1, maxval: 1023, samples: [1023, 512, 0] }),
    );
    expect(tenBit.channels).toBe(3);
    expect(tenBit.data[0]).toBeCloseTo(255, 4);
    expect(tenBit.data[1]).toBeCloseTo((512 * 255) / 1023, 4);
  });

  it('ignores data after the first image', () => {
    const one = encodePnm({ variant: 'P5', width: 1, height: 1, maxval: 255, samples: [7] });
    const image = decodePnm(new Uint8Array([...one, ...one]));
    expect([...image.data]).toEqual([7]);
  });
});

describe('PGM/PPM errors', () => {
  it('truncated binary raster: FILE_CORRUPT with expected and found byte counts', async () => {
    const full = encodePnm({
      variant: 'P5',
      width: 4,
      height: 3,
      maxval: 255,
      samples: Array(12).fill(1),
    });
    const path = write('cut.pgm', full.subarray(0, full.length - 5));
    const e = await dlError(readImage(path));
    expect(e.code).toBe('FILE_CORRUPT');
    expect(e.path).toBe(path);
    expect(e.message).toContain(path);
    expect(e.message).toMatch(/expected 12 bytes of pixel data, found 7/);
  });

  it('truncated 16-bit raster counts two bytes a sample', async () => {
    const full = encodePnm({
      variant: 'P5',
      width: 2,
      height: 2,
      maxval: 65535,
      samples: [1, 2, 3, 4],
    });
    const e = await dlError(() => decodePnm(full.subarray(0, full.length - 1), 'x.pgm'));
    expect(e.message).toMatch(/expected 8 bytes of pixel data, found 7/);
  });

  it('truncated ASCII raster: FILE_CORRUPT with expected and found sample counts', async () => {
    const path = write('cut.ppm', 'P3\n2 2\n255\n1 2 3 4 5 6 7\n');
    const e = await dlError(readImage(path));
    expect(e).toMatchObject({ code: 'FILE_CORRUPT', path });
    expect(e.message).toMatch(/expected 12 samples, found 7/);
  });

  it('rejects malformed headers and samples, naming the field', async () => {
    const cases: [string, RegExp][] = [
      ['P5\n', /header ends before width/],
      ['P2\nabc 2\n255\n', /width .*found "abc"/],
      ['P2\n2 0\n255\n', /height as an integer in 1\.\./],
      ['P2\n1 1\n0\n0\n', /maxval as an integer in 1\.\.65535, found "0"/],
      ['P5\n1 1\n70000\n', /maxval .*found "70000"/],
      ['P2\n2 1\n15\n3 16\n', /sample 1 is 16, above maxval 15/],
      ['P2\n2 1\n255\n3 x\n', /sample 1 is "x"/],
      ['P5\n1 1\n255', /file ends after the header/],
      ['P5\n1 1\n255\n', /expected 1 bytes of pixel data, found 0/],
    ];
    for (const [text, message] of cases) {
      const path = write('bad.pgm', text);
      const e = await dlError(readImage(path));
      expect(e.code, text).toBe('FILE_CORRUPT');
      expect(e.message, text).toMatch(message);
      expect(e.message).toContain(path);
    }
  });

  it('PBM (P1/P4) and PAM (P7) are FILE_UNSUPPORTED', async () => {
    for (const text of ['P1\n1 1\n0\n', 'P4\n8 1\n\x00', 'P7\nWIDTH 1\n']) {
      const e = await dlError(readImage(write('bits.pbm', text)));
      expect(e.code).toBe('FILE_UNSUPPORTED');
    }
  });
});

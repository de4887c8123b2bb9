import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DecodedImage, encodePng } from '@dl/core';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluatePlatePhotos } from '../src/finder/evaluate-photos';
import type { PlateReader } from '../src/reading';
import { synthPlateCrop } from '../src/synth/realistic-plate';
import { H, paste, photo, scene, W } from './photo-scene';

const root = mkdtempSync(join(tmpdir(), 'dl-plate-photos-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Mean of channel c over an RGB image. */
const meanOf = (img: DecodedImage, c: number) => {
  let s = 0;
  for (let i = c; i < img.data.length; i += 3) s += img.data[i];
  return s / (img.data.length / 3);
};

// A stand-in reader: blue crops read 皖A12345, any other plate 京B54321 (this tests the
// scoring; the reader's own tests test reading).
const reader: PlateReader = {
  method: 'ctc',
  read: async () => {
    throw new Error('readBatch only');
  },
  readBatch: async (images) =>
    images.map((image) => {
      const img = image as DecodedImage;
      const blue = meanOf(img, 2) > meanOf(img, 0) + 30;
      return {
        ok: true as const,
        reading: {
          text: blue ? '皖A12345' : '京B54321',
          characters: [],
          confidence: 0.9,
          valid: true,
        },
      };
    }),
  dispose: () => {},
};

function save(name: string, plates: { colour: 'blue' | 'yellow'; cx: number }[]) {
  const data = scene(7);
  plates.forEach(({ colour, cx }, i) =>
    paste(data, synthPlateCrop({ seed: 11 + i, colour, realism: 0 }), cx, 200, 1.6, 0),
  );
  writeFileSync(join(root, name), encodePng(photo(data)));
}

describe('evaluatePlatePhotos', () => {
  it('scores found plates against the photo names; a photo without one is unreadable', async () => {
    save('皖A12345.png', [{ colour: 'blue', cx: 240 }]);
    save('沪C11111.png', [{ colour: 'blue', cx: 240 }]);
    // Two plates: the one closest to the label is scored.
    save('京B54321.png', [
      { colour: 'blue', cx: 110 },
      { colour: 'yellow', cx: 360 },
    ]);
    writeFileSync(
      join(root, '苏E22222.png'),
      encodePng(photo(new Uint8Array(W * H * 3).fill(128))),
    );
    const e = await evaluatePlatePhotos(reader, root);
    const byFile = Object.fromEntries(e.rows.map((r) => [r.file.split('/').at(-1), r]));
    expect(byFile['皖A12345.png']).toMatchObject({ read: '皖A12345', plates: 1 });
    expect(byFile['沪C11111.png']).toMatchObject({ read: '皖A12345', plates: 1 });
    expect(byFile['京B54321.png']).toMatchObject({ read: '京B54321', plates: 2 });
    expect(byFile['苏E22222.png'].plates).toBe(0);
    expect(byFile['苏E22222.png'].read).toBeUndefined();
    expect(e.found).toBe(0.75);
    expect(e.exact).toBe(0.5);
    expect(e.unreadable).toBe(0.25);
    expect(e.method).toBe('ctc');
    expect(e.msPerPhoto).toBeGreaterThan(0);
  });

  it('keeps going past a photo too small to search, recording why', async () => {
    const tiny = { width: 10, height: 6, channels: 3 as const, data: new Uint8Array(180) };
    const big = scene(7);
    paste(big, synthPlateCrop({ seed: 11, colour: 'blue', realism: 0 }), 240, 200, 1.6, 0);
    const e = await evaluatePlatePhotos(reader, [
      { image: tiny, text: '皖A12345', file: 'tiny.png' },
      { image: photo(big), text: '皖A12345', file: 'big.png' },
    ]);
    expect(e.rows[0]).toMatchObject({ plates: 0, error: expect.stringContaining('too small') });
    expect(e.rows[1].read).toBe('皖A12345');
    expect(e.exact).toBe(0.5);
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodePng } from '@dl/core';
import { afterAll, describe, expect, it } from 'vitest';
import { fontGlyphSet, loadCharacterCrops, trimToInk } from '../src/synth/plate-glyphs';

/** A 20 × 20 grey crop, black but for a white rectangle [x0, x1) × [y0, y1). */
function crop(x0: number, x1: number, y0: number, y1: number) {
  const data = new Uint8Array(400);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) data[y * 20 + x] = 255;
  return { width: 20, height: 20, channels: 1 as const, data };
}

describe('trimToInk (province crops fill their cell as on real plates)', () => {
  it('cuts a mask to its ink with one pixel of margin', () => {
    const c = crop(5, 14, 2, 18);
    const t = trimToInk({ width: 20, height: 20, data: Float32Array.from(c.data, (v) => v / 255) });
    // Ink columns 5..13 and rows 2..17, plus a pixel each side.
    expect([t.width, t.height]).toEqual([11, 18]);
    expect(t.data[0]).toBe(0);
    expect(t.data[1 * 11 + 1]).toBe(1);
    expect(t.data[16 * 11 + 9]).toBe(1);
    expect(t.data[17 * 11 + 10]).toBe(0);
  });

  it('keeps a mask with (almost) no ink as it is', () => {
    const empty = { width: 20, height: 20, data: new Float32Array(400) };
    expect(trimToInk(empty)).toBe(empty);
    const speck = crop(3, 5, 3, 5);
    const m = { width: 20, height: 20, data: Float32Array.from(speck.data, (v) => v / 255) };
    expect(trimToInk(m)).toBe(m);
  });
});

describe('loadCharacterCrops', () => {
  const root = mkdtempSync(join(tmpdir(), 'dl-easypr-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('trims province crops and keeps letter and digit crops square', async () => {
    mkdirSync(join(root, 'charsChinese', 'zh_wan'), { recursive: true });
    mkdirSync(join(root, 'chars2', 'A'), { recursive: true });
    writeFileSync(join(root, 'charsChinese', 'zh_wan', '1.png'), encodePng(crop(4, 16, 1, 19)));
    writeFileSync(join(root, 'chars2', 'A', '1.png'), encodePng(crop(6, 14, 0, 20)));
    const set = await loadCharacterCrops(root, fontGlyphSet(), { perClass: 5 });
    const wan = set.masks.get('皖')!;
    expect(wan).toHaveLength(1);
    expect([wan[0].width, wan[0].height, wan[0].fill]).toEqual([14, 20, 'cell']);
    const a = set.masks.get('A')!;
    expect([a[0].width, a[0].height, a[0].fill]).toEqual([20, 20, 'square']);
    // Characters the folder lacks come from the fonts.
    expect(set.masks.get('京')![0].fill).toBe('cell');
    expect(set.crops).toBe(true);
  });
});

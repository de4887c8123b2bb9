import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, isDlError } from '@dl/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPlateDataset, readMappingFile } from '../src/data';
import { renderGlyph } from '../src/synth/glyph';
import { encodePng } from '../src/synth/png';

const root = mkdtempSync(join(tmpdir(), 'dl-plate-data-'));

/** A 20×20 grayscale PNG of a character, as EasyPR's crops are. */
function glyphPng(char: string): Uint8Array {
  const g = renderGlyph(char);
  return encodePng({
    width: 20,
    height: 20,
    channels: 1,
    data: Uint8Array.from(g, (v) => Math.round(v * 255)),
  });
}

function write(dir: string, files: Record<string, Uint8Array | string>): string {
  for (const [name, data] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, data);
  }
  return dir;
}

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('loadPlateDataset', () => {
  it('reads EasyPR codes and character folders; skips folders of other kinds', async () => {
    const chars = write(join(root, 'chars2'), {
      'A/1.png': glyphPng('A'),
      'A/2.png': glyphPng('A'),
      'K/1.png': glyphPng('K'),
      '7/1.png': glyphPng('7'),
    });
    const letters = await loadPlateDataset(chars, { kind: 'letter' });
    expect(letters.x.shape).toEqual([3, 20, 20, 1]);
    expect(Array.from(letters.labels, (l) => letters.labelNames[l])).toEqual(['A', 'A', 'K']);
    expect(letters.skipped).toEqual(['7']);
    const alnum = await loadPlateDataset(chars, { kind: 'alnum' });
    expect(alnum.labels).toHaveLength(4);
    expect(alnum.skipped).toEqual([]);
    const zh = write(join(root, 'charsChinese'), {
      'zh_jing/1.png': glyphPng('京'),
      '沪/1.png': glyphPng('沪'),
    });
    const provinces = await loadPlateDataset(zh, { kind: 'province' });
    expect(Array.from(provinces.labels, (l) => provinces.labelNames[l]).sort()).toEqual(
      ['京', '沪'].sort(),
    );
    for (const d of [letters, alnum, provinces]) d.x.dispose();
  });

  it('uses a mapping file for custom folder codes', async () => {
    const dir = write(join(root, 'custom'), {
      'beijing/1.png': glyphPng('京'),
      'map.txt': '# code char\nbeijing   京\n',
    });
    // The mapping file sits beside the class folders here; only folders are classes.
    const d = await loadPlateDataset(dir, { kind: 'province', mappingFile: join(dir, 'map.txt') });
    expect(d.labelNames[d.labels[0]]).toBe('京');
    d.x.dispose();
    expect(await readMappingFile(join(dir, 'map.txt'))).toEqual({ beijing: '京' });
  });

  it('names an unknown class folder, an empty one, a corrupt image and a bad mapping line', async () => {
    const unknown = write(join(root, 'unknown'), { 'zh_xx/1.png': glyphPng('京') });
    await expect(loadPlateDataset(unknown, { kind: 'province' })).rejects.toThrow(
      /class folder\(s\) 'zh_xx' name no plate character/,
    );
    const empty = join(root, 'empty');
    mkdirSync(join(empty, 'A'), { recursive: true });
    await expect(loadPlateDataset(empty, { kind: 'letter' })).rejects.toThrow(
      /empty[/\\]A: class folder has no/,
    );
    const corrupt = write(join(root, 'corrupt'), { 'A/bad.png': 'not an image' });
    const err = await loadPlateDataset(corrupt, { kind: 'letter' }).catch((e) => e);
    expect(isDlError(err, 'FILE_CORRUPT')).toBe(true);
    expect(err.message).toMatch(/bad\.png/);
    const badMap = write(join(root, 'badmap'), { 'm.txt': 'zh_a 京 extra\n' });
    await expect(readMappingFile(join(badMap, 'm.txt'))).rejects.toThrow(
      /line 1 is 'zh_a 京 extra'/,
    );
    await expect(loadPlateDataset(join(root, 'nope'), { kind: 'letter' })).rejects.toThrow(/nope/);
  });

  it('says so when a folder holds no glyphs of the asked kind', async () => {
    const digits = write(join(root, 'digits'), { '0/1.png': glyphPng('0') });
    await expect(loadPlateDataset(digits, { kind: 'letter' })).rejects.toThrow(/no letter glyphs/);
  });
});

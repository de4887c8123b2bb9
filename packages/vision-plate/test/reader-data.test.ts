import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodePng } from '@dl/core';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPlateReaderDataset, plateTextOfFile } from '../src/ctc-reader/data';
import { synthPlateCrop } from '../src/synth/realistic-plate';

const root = mkdtempSync(join(tmpdir(), 'dl-plate-crops-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function folder(name: string, files: Record<string, Uint8Array | string>): string {
  const dir = join(root, name);
  mkdirSync(dir);
  for (const [file, bytes] of Object.entries(files)) writeFileSync(join(dir, file), bytes);
  return dir;
}

const png = (text: string) => encodePng(synthPlateCrop({ text, realism: 0 }).image);

describe('plateTextOfFile', () => {
  it('reads the plate text a crop is named by, with or without a suffix or separators', () => {
    expect(plateTextOfFile('皖A12345.jpg')).toBe('皖A12345');
    expect(plateTextOfFile('皖A·12345.png')).toBe('皖A12345');
    expect(plateTextOfFile('粤BD12345_3.jpg')).toBe('粤BD12345');
    expect(plateTextOfFile('京A12345 (2).jpeg')).toBe('京A12345');
    expect(plateTextOfFile('car1.jpg')).toBeUndefined();
    expect(plateTextOfFile('京I12345.jpg')).toBeUndefined(); // no I on plates
  });
});

describe('loadPlateReaderDataset', () => {
  it('loads the crops of a folder named by plate text, in name order, skipping other files', async () => {
    const dir = folder('named', {
      '苏B00000.png': png('苏B00000'),
      '皖A12345_1.png': png('皖A12345'),
      'README.txt': 'not a crop',
    });
    const data = await loadPlateReaderDataset(dir);
    expect(data.crops.map((c) => c.text)).toEqual(['皖A12345', '苏B00000']);
    expect(data.crops[0].image.width).toBe(94);
    expect(data.crops[0].file).toBe(join(dir, '皖A12345_1.png'));
    expect(data.fingerprint).toMatch(/^sha256:/);
  });

  it('names the file that is not named by a plate text', async () => {
    const dir = folder('badname', {
      '皖A12345.png': png('皖A12345'),
      'holiday.png': png('皖A12345'),
    });
    await expect(loadPlateReaderDataset(dir)).rejects.toMatchObject({
      name: 'DlError',
      code: 'DATA_INVALID',
      message: expect.stringContaining('holiday.png'),
    });
  });

  it('reads texts from a ground-truth list instead, and names a bad line', async () => {
    const dir = folder('listed', { 'a.png': png('皖A12345'), 'b.png': png('鲁Q8X888') });
    writeFileSync(join(root, 'truth.txt'), '# file text\na.png\t皖A12345\nb.png 鲁Q·8X888\n');
    const data = await loadPlateReaderDataset(dir, { labelsFile: join(root, 'truth.txt') });
    expect(data.crops.map((c) => c.text)).toEqual(['皖A12345', '鲁Q8X888']);
    writeFileSync(join(root, 'bad.txt'), 'a.png\t皖A12345\nb.png\n');
    await expect(
      loadPlateReaderDataset(dir, { labelsFile: join(root, 'bad.txt') }),
    ).rejects.toThrow(/line 2/);
  });

  it('refuses a missing folder, an empty one, and a corrupt image, naming the path', async () => {
    await expect(loadPlateReaderDataset(join(root, 'nope'))).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
    });
    await expect(loadPlateReaderDataset(folder('empty', {}))).rejects.toThrow(/no plate crops/);
    const dir = folder('corrupt', { '皖A12345.jpg': 'not a jpeg' });
    await expect(loadPlateReaderDataset(dir)).rejects.toThrow(/皖A12345\.jpg/);
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodePng, initBackend } from '@dl/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { captchaDataset, loadCaptchaDataset } from '../src/data';
import { inferCaseRule, labelOfFile, resolveLabels } from '../src/labels';

beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
});

/** A folder of tiny PNGs named as given (gray, 3 channels or RGBA, any size). */
function folder(names: string[], size: [number, number] = [20, 60]): string {
  const dir = mkdtempSync(join(tmpdir(), 'captcha-labels-'));
  names.forEach((n, i) => {
    const [h, w] = size;
    const data = new Uint8Array(h * w * 3).fill(200 + i);
    writeFileSync(join(dir, n), encodePng({ width: w, height: h, channels: 3, data }));
  });
  return dir;
}

describe('labels from file names', () => {
  it('takes the part before the first _ or ., or a RegExp group, or a function', () => {
    expect(labelOfFile('/x/2b827.png')).toBe('2b827');
    expect(labelOfFile('/x/2b827_03.png')).toBe('2b827');
    expect(labelOfFile('/x/id7-ab12.png', /-(\w+)\./)).toBe('ab12');
    expect(labelOfFile('/x/ab.png', (n) => n.toUpperCase().slice(0, 2))).toBe('AB');
    expect(() => labelOfFile('/x/_3.png')).toThrow(
      /cannot take a captcha label from the file name '_3.png'/,
    );
  });

  it('infers charset, fixed length and case rule; folds case into a one-case charset', () => {
    const { rules, labels } = resolveLabels([{ label: 'b2c' }, { label: 'c3b' }]);
    expect(rules).toEqual({ charset: '23bc', length: 3, caseRule: 'lower' });
    expect(labels).toEqual(['b2c', 'c3b']);
    const folded = resolveLabels([{ label: 'B2C' }], { charset: '23bc' });
    expect(folded.labels).toEqual(['b2c']);
    expect(inferCaseRule('aB')).toBe('none');
    expect(resolveLabels([{ label: 'ab' }, { label: 'abc' }]).rules.length).toBeNull();
  });

  it('names the file and the symbol outside the charset, and the wrong length', () => {
    expect(() =>
      resolveLabels([{ label: 'ab9', source: '/d/ab9.png' }], { charset: 'abc' }),
    ).toThrow(/\/d\/ab9.png: label 'ab9' has '9' outside the charset 'abc'/);
    expect(() =>
      resolveLabels([{ label: 'ab', source: '/d/ab.png' }], { charset: 'abc', length: 3 }),
    ).toThrow(/\/d\/ab.png: label 'ab' has 2 characters; this data set's captchas have 3/);
    expect(() => resolveLabels([{ label: 'x' }], { charset: 'aa' })).toThrow(/distinct symbols/);
  });
});

describe('loadCaptchaDataset', () => {
  it('reads a folder of <label>.png, keeps each image as stored', async () => {
    const dir = folder(['22d5n.png', '2356g.png', '23mdg_1.png']);
    const data = await loadCaptchaDataset(dir);
    expect(data.samples.map((s) => s.text)).toEqual(['22d5n', '2356g', '23mdg']);
    expect(data.charset).toBe('2356dgmn');
    expect(data.length).toBe(5);
    expect(data.samples[0].image).toMatchObject({ width: 60, height: 20, channels: 3 });
    expect(data.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    // the same files give the same fingerprint; different labels a different one
    expect((await loadCaptchaDataset(dir)).fingerprint).toBe(data.fingerprint);
  });

  it('reads lists of files and several folders, with a given charset', async () => {
    const a = folder(['ab.png']);
    const b = folder(['ba.png', 'notes.txt']);
    const data = await loadCaptchaDataset([a, join(b, 'ba.png')], { charset: 'abc' });
    expect(data.samples.map((s) => s.text)).toEqual(['ab', 'ba']);
    expect(data.charset).toBe('abc');
  });

  it('rejects an unknown character, a missing path and an unreadable image, naming the file', async () => {
    const dir = folder(['ab1.png']);
    await expect(loadCaptchaDataset(dir, { charset: 'ab' })).rejects.toThrow(
      /ab1.png: label 'ab1' has '1' outside the charset 'ab'/,
    );
    await expect(loadCaptchaDataset(join(dir, 'nope'))).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
    });
    const broken = join(dir, 'zz.png');
    writeFileSync(broken, 'not a png at all');
    await expect(loadCaptchaDataset([broken])).rejects.toThrow(/zz.png/);
  });

  it('builds a data set from samples in memory with the same checks', () => {
    const image = { width: 4, height: 4, channels: 1 as const, data: new Uint8Array(16) };
    expect(() => captchaDataset([])).toThrow(/no captcha samples/);
    const d = captchaDataset([{ image, text: 'AB' }], { charset: 'ab' });
    expect(d.samples[0].text).toBe('ab');
  });
});

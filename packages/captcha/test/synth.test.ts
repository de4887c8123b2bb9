import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@dl/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCaptchaDataset } from '../src/data';
import { CAPTCHA_V2_CHARSET, synthCaptchaDataset } from '../src/synth/captcha';
import { writeSyntheticCaptchas } from '../src/synth/files';

beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
});

const darkFraction = (data: Uint8Array) => {
  let dark = 0;
  for (let i = 0; i < data.length; i += 3) if (data[i] + data[i + 1] + data[i + 2] < 300) dark++;
  return dark / (data.length / 3);
};

describe('synthCaptchaDataset', () => {
  it('draws deterministic captchas of the charset and length, 200 × 50 RGB by default', () => {
    const a = synthCaptchaDataset({ count: 6, seed: 5 });
    const b = synthCaptchaDataset({ count: 6, seed: 5 });
    expect(a.samples.map((s) => s.text)).toEqual(b.samples.map((s) => s.text));
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.charset).toBe(CAPTCHA_V2_CHARSET);
    expect(a.length).toBe(5);
    expect(a.synthetic).toBe(true);
    for (const s of a.samples) {
      expect(s.text).toMatch(/^[2345678bcdefgmnpwxy]{5}$/);
      expect(s.image).toMatchObject({ width: 200, height: 50, channels: 3 });
      // ink: text and lines cover a few percent of the image, not nothing and not everything
      const ink = darkFraction(s.image.data as Uint8Array);
      expect(ink).toBeGreaterThan(0.03);
      expect(ink).toBeLessThan(0.5);
    }
    expect(synthCaptchaDataset({ count: 6, seed: 6 }).fingerprint).not.toBe(a.fingerprint);
  });

  it('draws the text where it says: more symbols, more ink', () => {
    const plain = { lines: [0, 0] as [number, number], dots: [0, 0] as [number, number] };
    const ink = (length: number) =>
      synthCaptchaDataset({ count: 8, length, seed: 2, style: plain }).samples.reduce(
        (s, x) => s + darkFraction(x.image.data as Uint8Array),
        0,
      );
    expect(ink(6)).toBeGreaterThan(ink(2) * 1.8);
  });

  it('variable lengths, other charsets and sizes; rejects bad options', () => {
    const d = synthCaptchaDataset({
      count: 20,
      length: [3, 6],
      charset: 'ABC123',
      width: 160,
      height: 40,
      seed: 1,
    });
    const lengths = new Set(d.samples.map((s) => s.text.length));
    expect(d.length).toBeNull();
    expect(Math.min(...lengths)).toBeGreaterThanOrEqual(3);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(6);
    expect(lengths.size).toBeGreaterThan(1);
    expect(d.samples[0].image.width).toBe(160);
    expect(() => synthCaptchaDataset({ count: 0 })).toThrow(/count must be a positive integer/);
    expect(() => synthCaptchaDataset({ length: [5, 3] })).toThrow(/empty/);
    expect(() => synthCaptchaDataset({ fonts: ['/nonexistent/font.ttf'] })).toThrow(
      /no font found/,
    );
  });

  it('writes <label>.png files that loadCaptchaDataset reads back, and refuses a user folder', async () => {
    const root = mkdtempSync(join(tmpdir(), 'captcha-synth-'));
    const dir = join(root, 'set');
    const out = await writeSyntheticCaptchas(dir, { count: 5, seed: 3 });
    expect(out.count).toBe(5);
    const back = await loadCaptchaDataset(dir, { charset: CAPTCHA_V2_CHARSET });
    expect(back.samples.map((s) => s.text).sort()).toEqual(
      synthCaptchaDataset({ count: 5, seed: 3 })
        .samples.map((s) => s.text)
        .sort(),
    );
    expect(readdirSync(dir)).toContain('dl-data.json');
    // our own folder may be replaced; a user's may not
    await writeSyntheticCaptchas(dir, { count: 3, seed: 4 });
    expect(readdirSync(dir).filter((f) => f.endsWith('.png'))).toHaveLength(3);
    const precious = mkdtempSync(join(tmpdir(), 'captcha-user-'));
    writeFileSync(join(precious, 'notes.txt'), 'keep me');
    await expect(writeSyntheticCaptchas(precious, { count: 2 })).rejects.toMatchObject({
      name: 'DlError',
    });
    expect(readdirSync(precious)).toEqual(['notes.txt']);
  });
});

import { mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, isDlError } from '@dl/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptchaDataset } from '../src/data';
import { synthCaptchaDataset } from '../src/synth/captcha';
import { trainCaptcha } from '../src/train';

const root = realpathSync(mkdtempSync(join(tmpdir(), 'dl-captcha-output-')));
beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** A data set that notes whether the trainer looked at its samples. */
function watched(): { data: CaptchaDataset; touched: () => boolean } {
  const real = synthCaptchaDataset({ count: 4, seed: 1 });
  let touched = false;
  const data = {
    ...real,
    get samples() {
      touched = true;
      return real.samples;
    },
  };
  return { data, touched: () => touched };
}

async function refusal(outDir: string) {
  const { data, touched } = watched();
  try {
    await trainCaptcha({ data, outDir, epochs: 1, progress: 'silent' });
  } catch (error) {
    return { error, dataRead: touched() };
  }
  throw new Error(`trainCaptcha wrote a model to ${outDir}`);
}

describe('trainCaptcha never replaces what a user owns', () => {
  it('refuses an existing regular file before reading data, leaving it intact', async () => {
    const file = join(root, 'notes.txt');
    writeFileSync(file, 'my notes\n');
    const { error, dataRead } = await refusal(file);
    expect(isDlError(error), String(error)).toBe(true);
    expect((error as Error).message).toContain(file);
    expect(dataRead).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe('my notes\n');
  });

  it('refuses a folder holding a user file', async () => {
    const dir = join(root, 'mine');
    mkdirSync(dir);
    writeFileSync(join(dir, 'keep.txt'), 'keep');
    const { error, dataRead } = await refusal(dir);
    expect(isDlError(error), String(error)).toBe(true);
    expect((error as Error).message).toContain(dir);
    expect(dataRead).toBe(false);
    expect(readFileSync(join(dir, 'keep.txt'), 'utf8')).toBe('keep');
  });

  it("refuses '.' (the working folder)", async () => {
    const cwd = process.cwd();
    const work = join(root, 'work');
    mkdirSync(work);
    writeFileSync(join(work, 'data.csv'), 'a,b\n');
    process.chdir(work);
    try {
      const { error, dataRead } = await refusal('.');
      expect(isDlError(error), String(error)).toBe(true);
      expect(dataRead).toBe(false);
    } finally {
      process.chdir(cwd);
    }
    expect(readFileSync(join(work, 'data.csv'), 'utf8')).toBe('a,b\n');
  });
});

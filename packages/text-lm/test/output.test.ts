import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  writeFileSync,
} from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { initBackend, isDlError } from '@dl/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LmDataset } from '../src/data';
import { synthLmCorpus } from '../src/grammar';
import { trainLm } from '../src/train';

const root = realpathSync(mkdtempSync(join(tmpdir(), 'dl-lm-output-')));
beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** A tiny corpus that notes whether the trainer looked at it. */
function watchedData(): { data: LmDataset; touched: () => boolean } {
  const real = synthLmCorpus({ train: 30, validation: 5, test: 5, seed: 1 });
  let touched = false;
  const data = {
    ...real,
    get train() {
      touched = true;
      return real.train;
    },
  };
  return { data, touched: () => touched };
}

/** Trains into `outDir` and returns what it threw (it must throw) and whether data was read. */
async function refusal(outDir: string): Promise<{ error: unknown; dataRead: boolean }> {
  const { data, touched } = watchedData();
  try {
    await trainLm({ data, outDir, epochs: 1, units: 8, embeddingDim: 8, progress: 'silent' });
  } catch (error) {
    return { error, dataRead: touched() };
  }
  throw new Error(`trainLm wrote a model to ${outDir}`);
}

/** A DlError naming one of `paths` (as DlError puts it, `path: reason`, or within the text). */
function expectRefused(error: unknown, ...paths: string[]): void {
  expect(isDlError(error), String(error)).toBe(true);
  const message = (error as Error).message;
  const names = (p: string) =>
    message.startsWith(`${p}:`) || (isAbsolute(p) && message.includes(p));
  expect(paths.some(names), message).toBe(true);
}

describe('trainLm never replaces what a user owns', () => {
  it('refuses an existing regular file before reading any data, leaving it intact', async () => {
    const file = join(root, 'notes.txt');
    writeFileSync(file, 'my notes\n');
    const { error, dataRead } = await refusal(file);
    expectRefused(error, file);
    expect(dataRead).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe('my notes\n');
    expect(existsSync(`${file}.checkpoints`)).toBe(false);
  });

  it('refuses a folder holding a user file, leaving it intact', async () => {
    const dir = join(root, 'corpus');
    mkdirSync(dir);
    const bytes = Buffer.from('ptb.train.txt is mine\n\u00ff', 'utf8');
    writeFileSync(join(dir, 'mine.txt'), bytes);
    const { error, dataRead } = await refusal(dir);
    expectRefused(error, dir);
    expect(dataRead).toBe(false);
    expect(readFileSync(join(dir, 'mine.txt'))).toEqual(bytes);
    expect(existsSync(`${dir}.checkpoints`)).toBe(false);
  });

  it("refuses '.', the current directory", async () => {
    const cwd = join(root, 'work');
    mkdirSync(cwd);
    writeFileSync(join(cwd, 'thesis.tex'), '\\documentclass{article}\n');
    const before = process.cwd();
    process.chdir(cwd);
    try {
      const { error, dataRead } = await refusal('.');
      expectRefused(error, '.', cwd);
      expect(dataRead).toBe(false);
    } finally {
      process.chdir(before);
    }
    expect(readFileSync(join(cwd, 'thesis.tex'), 'utf8')).toBe('\\documentclass{article}\n');
  });

  it('does train into a fresh path (the refusals above are not of everything)', async () => {
    const { data, touched } = watchedData();
    const outDir = join(root, 'fresh');
    const r = await trainLm({
      data,
      outDir,
      epochs: 1,
      units: 8,
      embeddingDim: 8,
      progress: 'silent',
    });
    expect(touched()).toBe(true);
    expect(r.stopReason).toBe('completed');
    expect(existsSync(join(outDir, 'dl.json'))).toBe(true);
  });
});

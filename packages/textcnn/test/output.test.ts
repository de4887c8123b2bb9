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
import type { SentenceDataset } from '../src/data';
import { synthTextCnnSentiment } from '../src/synth';
import { trainTextCnn } from '../src/train';

const root = realpathSync(mkdtempSync(join(tmpdir(), 'dl-textcnn-output-')));
beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** A few sentences that note whether the trainer read them. */
function watchedData(): { data: SentenceDataset; touched: () => boolean } {
  const real = synthTextCnnSentiment({ count: 40, seed: 1 });
  let touched = false;
  const data = {
    ...real,
    get texts() {
      touched = true;
      return real.texts;
    },
  };
  return { data, touched: () => touched };
}

/** Trains into `outDir` and returns what it threw (it must throw) and whether data was read. */
async function refusal(
  outDir: string,
  architecture: 'default' | 'tfidf' = 'default',
): Promise<{ error: unknown; dataRead: boolean }> {
  const { data, touched } = watchedData();
  try {
    await trainTextCnn(
      architecture === 'tfidf'
        ? { architecture, data, outDir }
        : { architecture, data, outDir, epochs: 1, maxLen: 12, filters: 2, progress: 'silent' },
    );
  } catch (error) {
    return { error, dataRead: touched() };
  }
  throw new Error(`trainTextCnn wrote a model to ${outDir}`);
}

/** A DlError naming one of `paths` (as DlError puts it, `path: reason`, or within the text). */
function expectRefused(error: unknown, ...paths: string[]): void {
  expect(isDlError(error), String(error)).toBe(true);
  const message = (error as Error).message;
  const names = (p: string) =>
    message.startsWith(`${p}:`) || (isAbsolute(p) && message.includes(p));
  expect(paths.some(names), message).toBe(true);
}

describe('trainTextCnn never replaces what a user owns', () => {
  for (const architecture of ['default', 'tfidf'] as const) {
    it(`${architecture}: refuses an existing regular file before reading any data`, async () => {
      const file = join(root, `notes-${architecture}.txt`);
      writeFileSync(file, 'my notes\n');
      const { error, dataRead } = await refusal(file, architecture);
      expectRefused(error, file);
      expect(dataRead).toBe(false);
      expect(readFileSync(file, 'utf8')).toBe('my notes\n');
      expect(existsSync(`${file}.checkpoints`)).toBe(false);
    });
  }

  it('refuses a folder holding a user file, leaving it intact', async () => {
    const dir = join(root, 'reviews');
    mkdirSync(dir);
    const bytes = Buffer.from('a gorgeous film\nsimply great\n');
    writeFileSync(join(dir, 'rt-polarity.pos'), bytes);
    const { error, dataRead } = await refusal(dir);
    expectRefused(error, dir);
    expect(dataRead).toBe(false);
    expect(readFileSync(join(dir, 'rt-polarity.pos'))).toEqual(bytes);
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
});

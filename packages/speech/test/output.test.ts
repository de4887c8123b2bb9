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
import type { SpeechDataset } from '../src/data';
import { trainSpeech } from '../src/train';
import { tones } from './helpers/tones';

const root = realpathSync(mkdtempSync(join(tmpdir(), 'dl-speech-output-')));
beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** Tiny recordings that note whether the trainer looked at them. */
function watchedData(): { data: SpeechDataset; touched: () => boolean } {
  const real = tones();
  let touched = false;
  const data = {
    ...real,
    get clips() {
      touched = true;
      return real.clips;
    },
  };
  return { data, touched: () => touched };
}

/** Trains into `outDir` and returns what it threw (it must throw) and whether data was read. */
async function refusal(outDir: string): Promise<{ error: unknown; dataRead: boolean }> {
  const { data, touched } = watchedData();
  try {
    await trainSpeech({ data, outDir, epochs: 1, batchSize: 8, progress: 'silent' });
  } catch (error) {
    return { error, dataRead: touched() };
  }
  throw new Error(`trainSpeech wrote a model to ${outDir}`);
}

/** A DlError naming one of `paths` (as DlError puts it, `path: reason`, or within the text). */
function expectRefused(error: unknown, ...paths: string[]): void {
  expect(isDlError(error), String(error)).toBe(true);
  const message = (error as Error).message;
  const names = (p: string) =>
    message.startsWith(`${p}:`) || (isAbsolute(p) && message.includes(p));
  expect(paths.some(names), message).toBe(true);
}

describe('trainSpeech never replaces what a user owns', () => {
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
    const dir = join(root, 'recordings');
    mkdirSync(dir);
    const bytes = Buffer.from([0x52, 0x49, 0x46, 0x46, 0, 1, 2, 3]);
    writeFileSync(join(dir, 'grandma.wav'), bytes);
    const { error, dataRead } = await refusal(dir);
    expectRefused(error, dir);
    expect(dataRead).toBe(false);
    expect(readFileSync(join(dir, 'grandma.wav'))).toEqual(bytes);
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

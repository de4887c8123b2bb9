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
import type { FaceDataset } from '../src/data';
import { synthFaceDataset } from '../src/synth';
import { trainFace } from '../src/train';

const root = realpathSync(mkdtempSync(join(tmpdir(), 'dl-face-output-')));
beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** Tiny faces that note whether the trainer looked at them. */
function watchedData(): { data: FaceDataset; touched: () => boolean } {
  const real = synthFaceDataset({ people: 2, imagesPerPerson: 4, size: [40, 40] });
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

async function refusal(outDir: string): Promise<{ error: unknown; dataRead: boolean }> {
  const { data, touched } = watchedData();
  try {
    await trainFace({ data, outDir, epochs: 1, architecture: 'seed', progress: 'silent' });
  } catch (error) {
    return { error, dataRead: touched() };
  }
  throw new Error(`trainFace wrote a model to ${outDir}`);
}

function expectRefused(error: unknown, path: string): void {
  expect(isDlError(error), String(error)).toBe(true);
  const message = (error as Error).message;
  expect(
    message.startsWith(`${path}:`) || (isAbsolute(path) && message.includes(path)),
    message,
  ).toBe(true);
}

describe('trainFace never replaces what a user owns', () => {
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
    const dir = join(root, 'photos');
    mkdirSync(dir);
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    writeFileSync(join(dir, 'grandma.jpg'), bytes);
    const { error, dataRead } = await refusal(dir);
    expectRefused(error, dir);
    expect(dataRead).toBe(false);
    expect(readFileSync(join(dir, 'grandma.jpg'))).toEqual(bytes);
  });

  it("refuses '.', the current directory", async () => {
    const cwd = process.cwd();
    const here = join(root, 'here');
    mkdirSync(here);
    writeFileSync(join(here, 'keep.txt'), 'keep');
    process.chdir(here);
    try {
      const { error, dataRead } = await refusal('.');
      expectRefused(error, '.');
      expect(dataRead).toBe(false);
    } finally {
      process.chdir(cwd);
    }
    expect(readFileSync(join(here, 'keep.txt'), 'utf8')).toBe('keep');
  });
});

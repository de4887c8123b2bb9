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
import { trainPlate } from '../src/train';

const root = realpathSync(mkdtempSync(join(tmpdir(), 'dl-plate-output-')));
beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** Trains into `outDir` and returns what it threw (it must throw) and how long that took. */
async function refusal(outDir: string): Promise<{ error: unknown; ms: number }> {
  const t0 = performance.now();
  try {
    await trainPlate({ kind: 'letter', outDir, epochs: 1, progress: 'silent' });
  } catch (error) {
    return { error, ms: performance.now() - t0 };
  }
  throw new Error(`trainPlate wrote a model to ${outDir}`);
}

/** A DlError naming one of `paths` (as DlError puts it, `path: reason`, or within the text). */
function expectRefused(error: unknown, ...paths: string[]): void {
  expect(isDlError(error), String(error)).toBe(true);
  const message = (error as Error).message;
  const names = (p: string) =>
    message.startsWith(`${p}:`) || (isAbsolute(p) && message.includes(p));
  expect(paths.some(names), message).toBe(true);
}

// Refused before any glyph is rendered or model built: well under the seconds synthesis and
// training take. 5 s, not the 1 s the feature promises, because this machine's two cores are
// shared by parallel test files.
const BEFORE_ANY_WORK_MS = 5_000;

describe('trainPlate never replaces what a user owns', () => {
  it('refuses an existing regular file, leaving it intact', async () => {
    const file = join(root, 'notes.txt');
    writeFileSync(file, 'my notes\n');
    const { error, ms } = await refusal(file);
    expectRefused(error, file);
    expect(ms).toBeLessThan(BEFORE_ANY_WORK_MS);
    expect(readFileSync(file, 'utf8')).toBe('my notes\n');
    expect(existsSync(`${file}.checkpoints`)).toBe(false);
  });

  it('refuses a folder holding a user file, leaving it intact', async () => {
    const dir = join(root, 'photos');
    mkdirSync(dir);
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]);
    writeFileSync(join(dir, 'holiday.png'), bytes);
    const { error, ms } = await refusal(dir);
    expectRefused(error, dir);
    expect(ms).toBeLessThan(BEFORE_ANY_WORK_MS);
    expect(readFileSync(join(dir, 'holiday.png'))).toEqual(bytes);
    expect(existsSync(`${dir}.checkpoints`)).toBe(false);
  });

  it("refuses '.', the current directory", async () => {
    const cwd = join(root, 'work');
    mkdirSync(cwd);
    writeFileSync(join(cwd, 'thesis.tex'), '\\documentclass{article}\n');
    const before = process.cwd();
    process.chdir(cwd);
    try {
      const { error, ms } = await refusal('.');
      expectRefused(error, '.', cwd);
      expect(ms).toBeLessThan(BEFORE_ANY_WORK_MS);
    } finally {
      process.chdir(before);
    }
    expect(readFileSync(join(cwd, 'thesis.tex'), 'utf8')).toBe('\\documentclass{article}\n');
  });
});

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
import { afterAll, describe, expect, it } from 'vitest';

/**
 * A copy of `data` whose `field` notes when it is read: the refusal tests prove a trainer looks
 * at no data before it has checked its output.
 * @template T
 * @param {T} data
 * @param {keyof T & string} field
 */
export function watchField(data, field) {
  let touched = false;
  const watched = Object.create(
    Object.getPrototypeOf(data),
    Object.getOwnPropertyDescriptors(data),
  );
  Object.defineProperty(watched, field, {
    get() {
      touched = true;
      return data[field];
    },
    enumerable: true,
  });
  return { data: watched, touched: () => touched };
}

/** A DlError naming one of `paths` (as DlError puts it, `path: reason`, or within the text). */
function expectRefused(error, ...paths) {
  expect(error?.name === 'DlError' && typeof error.code === 'string', String(error)).toBe(true);
  const message = error.message;
  const names = (p) => message.startsWith(`${p}:`) || (isAbsolute(p) && message.includes(p));
  expect(paths.some(names), message).toBe(true);
}

/**
 * The three refusals every trainer owes its user (issue 13): an existing regular file, a folder
 * holding a user's file, and '.', each refused with a DlError naming the path before any data
 * is read, the user's bytes intact and no checkpoint folder left behind.
 * @param {string} trainer the trainer's name, for the test titles
 * @param {(outDir: string) => { run: Promise<unknown>, dataRead?: () => boolean }} train
 *   starts a training run into `outDir` (tiny sizes) and says whether it read its data (leave
 *   `dataRead` out for a trainer that makes its own data: the refusal must then be quick)
 */
export function describeOutputRefusal(trainer, train) {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'dl-output-refusal-')));
  afterAll(() => rm(root, { recursive: true, force: true }));

  // A trainer that synthesises its own data can't be watched reading it: then "before any work"
  // means refused well before synthesis and training would end. 5 s, not the 1 s the feature
  // promises, because this machine's two cores are shared by parallel test files.
  const BEFORE_ANY_WORK_MS = 5_000;

  async function refusal(outDir) {
    const t0 = performance.now();
    const { run, dataRead } = train(outDir);
    try {
      await run;
    } catch (error) {
      const early = dataRead ? !dataRead() : performance.now() - t0 < BEFORE_ANY_WORK_MS;
      return { error, dataRead: !early };
    }
    throw new Error(`${trainer} wrote a model to ${outDir}`);
  }

  describe(`${trainer} never replaces what a user owns`, () => {
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
      const dir = join(root, 'mine');
      mkdirSync(dir);
      const bytes = Buffer.from([0x52, 0x49, 0x46, 0x46, 0, 1, 2, 3]);
      writeFileSync(join(dir, 'grandma.bin'), bytes);
      const { error, dataRead } = await refusal(dir);
      expectRefused(error, dir);
      expect(dataRead).toBe(false);
      expect(readFileSync(join(dir, 'grandma.bin'))).toEqual(bytes);
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

    it('does train into a fresh path, and over its own model (the refusals are not of everything)', async () => {
      const outDir = join(root, 'fresh');
      for (let round = 0; round < 2; round++) {
        const { run, dataRead } = train(outDir);
        await run;
        if (dataRead) expect(dataRead()).toBe(true);
        expect(existsSync(join(outDir, 'dl.json'))).toBe(true);
      }
    });
  });
}

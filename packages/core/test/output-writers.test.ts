import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replaceDirAtomic, writeFileAtomic } from '../src/artifacts/atomic';
import { writeDataDirAtomic } from '../src/artifacts/data-dir';
import { readDlMeta, saveModelDir } from '../src/artifacts/model-dir';
import { claimModelOutput } from '../src/artifacts/output';
import { initBackend } from '../src/backend/init';
import { isDlError } from '../src/errors';
import { writeHtmlReport } from '../src/report/html';
import { learningCurvesPng, writePng } from '../src/report/png';
import * as tf from '../src/tf';
import { snapshot, userFile, userFolder } from './helpers/output-fixtures';

const root = mkdtempSync(join(tmpdir(), 'dl-output-writers-'));
const meta = { task: 'toy', package: { name: '@dl/core', version: '0.0.0' } };
let png: Uint8Array;

beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
  png = await learningCurvesPng({ loss: [1, 0.5] });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function toy(): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [2], units: 2 }));
  return m;
}

/** Every core writer, as a user would call it on `target`. */
const writers: Record<string, (target: string) => Promise<unknown>> = {
  saveModelDir: (t) => saveModelDir(toy(), t, meta),
  replaceDirAtomic: (t) => replaceDirAtomic(t, (tmp) => writeFile(join(tmp, 'x.txt'), 'x')),
  writeFileAtomic: (t) => writeFileAtomic(t, 'new content'),
  claimModelOutput: async (t) => (await claimModelOutput(t)).release(),
  writeDataDirAtomic: (t) =>
    writeDataDirAtomic(t, { task: 'toy-data', count: 1 }, (tmp) =>
      writeFile(join(tmp, '0.txt'), '0'),
    ),
  writeHtmlReport: (t) => writeHtmlReport(t, { title: 'report' }),
  writePng: (t) => writePng(t, png),
};

/** Runs `write`, expecting a DlError of `code` whose message names `path`. */
async function expectRefused(write: Promise<unknown>, code: string, path: string) {
  const e = await write.then(
    () => null,
    (err: unknown) => err,
  );
  expect(isDlError(e), `expected a DlError, got ${e}`).toBe(true);
  if (!isDlError(e)) return;
  expect(e.code).toBe(code);
  expect(e.message).toContain(path);
}

let n = 0;
const fresh = (name: string) => {
  const dir = join(root, `case-${n++}`);
  mkdirSync(dir);
  return join(dir, name);
};

describe.each(Object.entries(writers))('%s refuses what is not ours', (_name, write) => {
  it('an existing file, left byte for byte as it was', async () => {
    const file = userFile(fresh('notes.txt'));
    const before = snapshot(file);
    await expectRefused(write(file), 'OUTPUT_EXISTS', file);
    expect(snapshot(file)).toEqual(before);
    // Refused before any work: no temporary sibling, no lock left beside it.
    expect(readdirSync(join(file, '..'))).toEqual(['notes.txt']);
  });

  it('a folder holding user files, untouched', async () => {
    const dir = userFolder(fresh('out'));
    const before = snapshot(dir);
    await expectRefused(write(dir), 'OUTPUT_EXISTS', dir);
    expect(snapshot(dir)).toEqual(before);
    expect(readdirSync(join(dir, '..'))).toEqual(['out']);
  });

  it("'.' (the current directory), untouched", async () => {
    const dir = userFolder(fresh('cwd'));
    const before = snapshot(dir);
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      await expectRefused(write('.'), 'OUTPUT_EXISTS', '.');
    } finally {
      process.chdir(cwd);
    }
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('refusal messages say what is there', () => {
  it('names the entries of a foreign folder and the way out', async () => {
    const dir = userFolder(fresh('out'));
    await writeFile(join(dir, 'more.txt'), '');
    await writeFile(join(dir, 'zzz.txt'), '');
    await expect(saveModelDir(toy(), dir, meta)).rejects.toThrow(
      /is a folder holding 4 entries \(a\/, more.txt, notes.txt, …\) that is not a @dl model directory \(no valid dl.json\); choose a new path or remove it yourself/,
    );
  });

  it('names a file and its size', async () => {
    const file = userFile(fresh('notes.txt'));
    await expect(saveModelDir(toy(), file, meta)).rejects.toThrow(
      /exists and is a file of 19 bytes that is not a @dl model directory/,
    );
  });

  it('tells one of our kinds from another: a data folder is not a model directory', async () => {
    const dir = fresh('data');
    await writers.writeDataDirAtomic(dir);
    await expect(saveModelDir(toy(), dir, meta)).rejects.toThrow(
      /is a @dl synthetic-data folder, not a @dl model directory/,
    );
  });

  it('refuses a symbolic link rather than replacing it', async () => {
    const target = userFolder(fresh('real'));
    const link = join(target, '..', 'link');
    const { symlinkSync } = await import('node:fs');
    symlinkSync(target, link);
    await expect(saveModelDir(toy(), link, meta)).rejects.toThrow(/is a symbolic link/);
    expect(existsSync(join(target, 'notes.txt'))).toBe(true);
  });
});

describe('what is ours is replaced', () => {
  it('saveModelDir replaces its own model directory, atomically', async () => {
    const dir = fresh('model');
    await saveModelDir(toy(), dir, { ...meta, seed: 1 });
    await saveModelDir(toy(), dir, { ...meta, seed: 2 });
    expect((await readDlMeta(dir)).seed).toBe(2);
    expect(readdirSync(join(dir, '..'))).toEqual(['model']);
  });

  it('an empty folder holds nothing to lose and is used', async () => {
    const dir = fresh('empty');
    mkdirSync(dir);
    await saveModelDir(toy(), dir, meta);
    expect((await readDlMeta(dir)).task).toBe('toy');
  });

  it('writeDataDirAtomic refills its own folder and writes the manifest', async () => {
    const dir = fresh('data');
    await writers.writeDataDirAtomic(dir);
    await writeDataDirAtomic(dir, { task: 'toy-data', count: 2 }, async (tmp) => {
      await writeFile(join(tmp, 'a.txt'), 'a');
      await writeFile(join(tmp, 'b.txt'), 'b');
    });
    expect(readdirSync(dir).sort()).toEqual(['a.txt', 'b.txt', 'dl-data.json']);
    const manifest = JSON.parse(readFileSync(join(dir, 'dl-data.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: 'dl-synthetic-data', task: 'toy-data', count: 2 });
  });

  it('a report we wrote is replaced; a user HTML file with the same name is not', async () => {
    const path = fresh('report.html');
    await writeHtmlReport(path, { title: 'first' });
    await writeHtmlReport(path, { title: 'second' });
    expect(readFileSync(path, 'utf8')).toContain('<h1>second</h1>');
    const theirs = userFile(fresh('index.html'));
    await expect(writeHtmlReport(theirs, { title: 'x' })).rejects.toThrow(/not written by @dl/);
    await writeHtmlReport(theirs, { title: 'x' }, { overwrite: true });
    expect(readFileSync(theirs, 'utf8')).toContain('<h1>x</h1>');
  });

  it('a PNG we wrote is replaced; a user PNG only with overwrite', async () => {
    const path = fresh('curves.png');
    await writePng(path, png);
    await writePng(path, png);
    // A PNG that is not ours: our chart bytes, unmarked, as another tool would have written.
    const theirs = fresh('photo.png');
    await writeFile(theirs, png);
    const before = snapshot(theirs);
    await expect(writePng(theirs, png)).rejects.toThrow(/not written by @dl/);
    expect(snapshot(theirs)).toEqual(before);
    await writePng(theirs, png, { overwrite: true });
    expect(readFileSync(theirs).equals(readFileSync(path))).toBe(true);
  });

  it('writeFileAtomic replaces files inside a folder of ours (a model directory)', async () => {
    const dir = fresh('model');
    await saveModelDir(toy(), dir, meta);
    await writeFileAtomic(join(dir, 'dl.json'), '{}');
    expect(readFileSync(join(dir, 'dl.json'), 'utf8')).toBe('{}');
  });

  it('writeFileAtomic never replaces a folder, even with overwrite', async () => {
    const dir = userFolder(fresh('out'));
    await expect(writeFileAtomic(dir, 'x', { overwrite: true })).rejects.toThrow(
      /is a folder, which a file cannot replace/,
    );
  });
});

import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { isDlError } from '@dl/core';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSyntheticGlyphSet, writeSyntheticPlates } from '../src/synth-files';

const root = mkdtempSync(join(tmpdir(), 'dl-plate-synth-out-'));
afterAll(() => rm(root, { recursive: true, force: true }));

let n = 0;
const caseDir = () => {
  const dir = join(root, `case-${n++}`);
  mkdirSync(dir);
  return dir;
};

/** Every file under `dir` (or `dir` itself), path → bytes. */
function snapshot(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (p: string) => {
    if (statSync(p).isDirectory()) for (const e of readdirSync(p).sort()) walk(join(p, e));
    else out.set(relative(dir, p) || '.', readFileSync(p));
  };
  walk(dir);
  return out;
}

const writers = {
  writeSyntheticGlyphSet: (dir: string) =>
    writeSyntheticGlyphSet(dir, { kind: 'letter', perClass: 1, seed: 1 }),
  writeSyntheticPlates: (dir: string) => writeSyntheticPlates(dir, { count: 2, seed: 1 }),
};

describe.each(Object.entries(writers))('%s', (_name, write) => {
  it('refuses an existing file, a folder of user files and ".", leaving them intact', async () => {
    const dir = caseDir();
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'mine');
    const folder = join(dir, 'photos');
    mkdirSync(folder);
    writeFileSync(join(folder, 'car.png'), Buffer.from([137, 80, 78, 71]));
    const before = snapshot(dir);
    const cwd = process.cwd();
    process.chdir(folder);
    try {
      for (const target of [file, folder, '.']) {
        const error = await write(target).then(
          () => null,
          (e: unknown) => e,
        );
        expect(isDlError(error, 'OUTPUT_EXISTS'), `${target}: ${error}`).toBe(true);
      }
    } finally {
      process.chdir(cwd);
    }
    expect(snapshot(dir)).toEqual(before);
  });

  it('an unwritable target is a DlError, not a raw ENOTDIR', async () => {
    const error = await write('/dev/null/synth').then(
      () => null,
      (e: unknown) => e,
    );
    expect(isDlError(error, 'OUTPUT_NOT_WRITABLE'), String(error)).toBe(true);
  });

  it('writes a manifest and refills its own folder atomically', async () => {
    const dir = join(caseDir(), 'synth');
    await write(dir);
    const manifest = JSON.parse(readFileSync(join(dir, 'dl-data.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: 'dl-synthetic-data' });
    const first = snapshot(dir);
    await write(dir);
    // Same seed, same content; only the manifest's creation time may differ.
    const second = snapshot(dir);
    first.delete('dl-data.json');
    second.delete('dl-data.json');
    expect(second).toEqual(first);
    expect(readdirSync(join(dir, '..'))).toEqual(['synth']);
  });
});

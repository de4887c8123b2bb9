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
import { loadSpeechDataset } from '../src/data';
import { synthVoices, writeSyntheticFsdd } from '../src/synth';

const root = mkdtempSync(join(tmpdir(), 'dl-speech-synth-out-'));
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

const write = (dir: string) => writeSyntheticFsdd(dir, { voices: synthVoices(1), renditions: 1 });

async function refusal(target: string): Promise<{ error: unknown; ms: number }> {
  const t0 = performance.now();
  const error = await write(target).then(
    () => null,
    (e: unknown) => e,
  );
  return { error, ms: performance.now() - t0 };
}

describe('writeSyntheticFsdd output folder', () => {
  it('refuses an existing file, a folder of user files and ".", before synthesising', async () => {
    const dir = caseDir();
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'mine');
    const folder = join(dir, 'recordings');
    mkdirSync(folder);
    writeFileSync(join(folder, 'my-voice.wav'), Buffer.from([1, 2, 3]));
    const before = snapshot(dir);
    const cwd = process.cwd();
    process.chdir(folder);
    try {
      for (const target of [file, folder, '.']) {
        const { error, ms } = await refusal(target);
        expect(isDlError(error, 'OUTPUT_EXISTS'), `${target}: ${error}`).toBe(true);
        // Synthesis of even one voice takes seconds; a refusal before it takes milliseconds.
        expect(ms).toBeLessThan(5000);
      }
    } finally {
      process.chdir(cwd);
    }
    expect(snapshot(dir)).toEqual(before);
  });

  it('reports an unwritable path as such, not as "exists and is not empty"', async () => {
    const { error } = await refusal('/dev/null/digits');
    expect(isDlError(error, 'OUTPUT_NOT_WRITABLE'), String(error)).toBe(true);
    expect(String(error)).not.toMatch(/not empty/);
  });

  it('writes a manifest, refills its own folder, and the loader reads it', async () => {
    const dir = join(caseDir(), 'digits');
    await write(dir);
    const manifest = JSON.parse(readFileSync(join(dir, 'dl-data.json'), 'utf8'));
    expect(manifest).toMatchObject({
      format: 'dl-synthetic-data',
      task: 'speech-digits',
      count: 10,
    });
    const again = await writeSyntheticFsdd(dir, { voices: synthVoices(1), renditions: 2 });
    expect(again.files).toBe(20);
    const loaded = await loadSpeechDataset(dir);
    expect(loaded.clips).toHaveLength(20);
    // the manifest is ours, not a stray file of the user's
    expect(loaded.skipped).toEqual([]);
    expect(readdirSync(join(dir, '..'))).toEqual(['digits']);
  });
});

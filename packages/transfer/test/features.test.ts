import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DlError, encodePng, initBackend, Rng } from '@dl/core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Backbone } from '../src/backbones/backbone';
import { loadBackbone } from '../src/backbones/load';
import { loadTransferDataset } from '../src/data';
import { FEATURE_CACHE_JSON } from '../src/features/cache';
import { computeFeatures } from '../src/features/compute';
import { drawShape } from '../src/synth';
import { tinyBackbone } from './helpers/tiny-backbone';

let backbone: Backbone;
let root: string;
let paths: string[];

beforeAll(async () => {
  await initBackend({ threads: 1 });
  backbone = await loadBackbone((await tinyBackbone()).spec);
  root = await mkdtemp(join(tmpdir(), 'dl-transfer-features-'));
  const rng = new Rng(5);
  paths = [];
  for (let i = 0; i < 10; i++) {
    const path = join(root, `img${i}.png`);
    const data = drawShape(i % 2 ? 'disc' : 'stripes', 24, rng);
    await writeFile(path, encodePng({ width: 24, height: 24, channels: 3, data }));
    paths.push(path);
  }
});

const silent = { progress: 'silent' } as const;

describe('computeFeatures', () => {
  it('gives one row an image, the same with or without batching', async () => {
    const one = await computeFeatures(backbone, paths, { ...silent, batchSize: 1 });
    const four = await computeFeatures(backbone, paths, { ...silent, batchSize: 4 });
    expect(one.dim).toBe(16);
    expect(one.count).toBe(10);
    expect(one.computed).toBe(10);
    for (let i = 0; i < one.data.length; i++) expect(four.data[i]).toBeCloseTo(one.data[i], 5);
  });

  it('computes once: a second run reads every row from the cache, identical', async () => {
    const cacheDir = join(root, 'cache-once');
    const first = await computeFeatures(backbone, paths, { ...silent, cacheDir });
    const second = await computeFeatures(backbone, paths, { ...silent, cacheDir });
    expect([first.fromCache, first.computed]).toEqual([0, 10]);
    expect([second.fromCache, second.computed]).toEqual([10, 0]);
    expect(Array.from(second.data)).toEqual(Array.from(first.data));
    expect((await readdir(cacheDir)).sort()).toEqual([first.key, FEATURE_CACHE_JSON].sort());
    // keyed by content: a renamed copy of an image is a cache hit
    const copy = join(root, 'renamed.png');
    await writeFile(copy, await readFile(paths[3]));
    const renamed = await computeFeatures(backbone, [copy], { ...silent, cacheDir });
    expect(renamed.fromCache).toBe(1);
  });

  it('keys the cache by preprocessing: flipped features are computed anew', async () => {
    const cacheDir = join(root, 'cache-flip');
    const plain = await computeFeatures(backbone, paths, { ...silent, cacheDir });
    const flipped = await computeFeatures(backbone, paths, { ...silent, cacheDir, flip: true });
    expect(flipped.key).not.toBe(plain.key);
    expect(flipped.computed).toBe(10);
    expect(Array.from(flipped.data)).not.toEqual(Array.from(plain.data));
  });

  it('resumes after an interruption: finished batches are kept, the rest computed', async () => {
    const cacheDir = join(root, 'cache-resume');
    const stop = new AbortController();
    // the first progress line comes after the first batch (already saved: saveEvery 2)
    const progressOut = { write: () => stop.abort(new Error('interrupted')) };
    await expect(
      computeFeatures(backbone, paths, {
        cacheDir,
        batchSize: 2,
        saveEvery: 2,
        progress: 'json',
        progressOut,
        signal: stop.signal,
      }),
    ).rejects.toThrow('interrupted');
    const resumed = await computeFeatures(backbone, paths, { ...silent, cacheDir, batchSize: 2 });
    expect(resumed.fromCache).toBe(2);
    expect(resumed.computed).toBe(8);
    const fresh = await computeFeatures(backbone, paths, silent);
    for (let i = 0; i < fresh.data.length; i++)
      expect(resumed.data[i]).toBeCloseTo(fresh.data[i], 5);
  });

  it('reports progress with a rate and an ETA', async () => {
    const lines: string[] = [];
    await computeFeatures(backbone, paths, {
      batchSize: 5,
      progress: 'json',
      progressOut: { write: (s: string) => lines.push(s) },
    });
    const events = lines.map((l) => JSON.parse(l));
    expect(events.at(-1)).toMatchObject({ event: 'features', done: 10, total: 10, etaS: 0 });
    expect(events[0]).toHaveProperty('imagesPerS');
  });

  it('refuses a cacheDir that is a folder of the user', async () => {
    const mine = join(root, 'my-folder');
    await mkdir(mine);
    await writeFile(join(mine, 'notes.txt'), 'mine');
    const err = await computeFeatures(backbone, paths, { ...silent, cacheDir: mine }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(DlError);
    expect(err.code).toBe('OUTPUT_EXISTS');
    expect(err.message).toContain(mine);
    expect(await readdir(mine)).toEqual(['notes.txt']);
    expect(await readFile(join(mine, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('a damaged cache part is skipped and recomputed, never trusted', async () => {
    const cacheDir = join(root, 'cache-damaged');
    const first = await computeFeatures(backbone, paths, { ...silent, cacheDir });
    const dir = join(cacheDir, first.key);
    const part = (await readdir(dir)).find((n) => n.startsWith('part-')) as string;
    const bytes = await readFile(join(dir, part));
    await writeFile(join(dir, part), bytes.subarray(0, bytes.length - 7));
    const again = await computeFeatures(backbone, paths, { ...silent, cacheDir });
    expect(again.computed).toBe(10);
    expect(Array.from(again.data)).toEqual(Array.from(first.data));
  });

  it('an image that does not decode is a DlError naming the file', async () => {
    const bad = join(root, 'broken.jpg');
    await writeFile(bad, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
    const err = await computeFeatures(backbone, [paths[0], bad], silent).catch((e) => e);
    expect(err).toBeInstanceOf(DlError);
    expect(err.message).toContain(bad);
    await expect(computeFeatures(backbone, [join(root, 'absent.png')], silent)).rejects.toThrow(
      /absent\.png: cannot read the image/,
    );
  });

  it('grayscale images become RGB: same features as the gray value in three channels', async () => {
    const gray = new Uint8Array(24 * 24).map((_, i) => (i * 13) % 256);
    const rgb = new Uint8Array(gray.length * 3).map((_, i) => gray[Math.floor(i / 3)]);
    const g = join(root, 'gray.png');
    const c = join(root, 'gray-as-rgb.png');
    await writeFile(g, encodePng({ width: 24, height: 24, channels: 1, data: gray }));
    await writeFile(c, encodePng({ width: 24, height: 24, channels: 3, data: rgb }));
    const f = await computeFeatures(backbone, [g, c], silent);
    for (let j = 0; j < f.dim; j++) expect(f.data[j]).toBeCloseTo(f.data[f.dim + j], 5);
  });
});

describe('loadTransferDataset', () => {
  it('reads a folder per class, sorted, with a fingerprint', async () => {
    const dir = join(root, 'set');
    for (const c of ['b', 'a']) {
      await mkdir(join(dir, c), { recursive: true });
      for (const i of [2, 1]) await writeFile(join(dir, c, `${i}.png`), await readFile(paths[i]));
    }
    await writeFile(join(dir, 'README.txt'), 'not an image');
    const set = await loadTransferDataset(dir);
    expect(set.labels).toEqual(['a', 'b']);
    expect(set.images.map((im) => [im.path.slice(dir.length + 1), im.label])).toEqual([
      ['a/1.png', 0],
      ['a/2.png', 0],
      ['b/1.png', 1],
      ['b/2.png', 1],
    ]);
    expect(set.fingerprint).toMatch(/^sha256:/);
  });

  it('a class folder with no images, or a single class, is refused naming the folder', async () => {
    const dir = join(root, 'set-empty');
    await mkdir(join(dir, 'cats'), { recursive: true });
    await mkdir(join(dir, 'dogs'), { recursive: true });
    await writeFile(join(dir, 'cats', '1.png'), await readFile(paths[0]));
    await writeFile(join(dir, 'dogs', 'notes.txt'), 'x');
    await expect(loadTransferDataset(dir)).rejects.toThrow(/dogs: class folder has no/);
    const one = join(root, 'set-one');
    await mkdir(join(one, 'cats'), { recursive: true });
    await writeFile(join(one, 'cats', '1.png'), await readFile(paths[0]));
    await expect(loadTransferDataset(one)).rejects.toThrow(/at least two class folders/);
  });
});

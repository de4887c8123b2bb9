import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodePng, isDlError, resizeImage } from '@dl/core';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFaceDataset } from '../src/data';
import { preprocessFace } from '../src/images';
import { synthFaceDataset, writeSyntheticFaces } from '../src/synth';
import { gif, pgm } from './helpers/encode';

const root = mkdtempSync(join(tmpdir(), 'dl-face-data-'));
afterAll(() => rm(root, { recursive: true, force: true }));

const faces = synthFaceDataset({ people: 3, imagesPerPerson: 3, size: [56, 46], seed: 4 });
const imageOf = (person: number, k: number) =>
  faces.samples.filter((s) => s.label === person)[k].image;

function folder(name: string, files: Record<string, Uint8Array | string>): string {
  const dir = join(root, name);
  for (const [rel, bytes] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), bytes);
  }
  return dir;
}

async function refusal(run: Promise<unknown>) {
  const e = await run.then(
    () => null,
    (err) => err,
  );
  expect(isDlError(e), String(e)).toBe(true);
  return e as Error & { code: string };
}

describe('loadFaceDataset', () => {
  it('reads ORL folders (sN/*.pgm), with mixed sizes resized by the preprocessing', async () => {
    const bigger = resizeImage(imageOf(2, 0), [112, 92], 'nearest');
    const dir = folder('orl', {
      's1/1.pgm': pgm(imageOf(0, 0)),
      's1/2.pgm': pgm(imageOf(0, 1)),
      's2/1.pgm': pgm(imageOf(1, 0)),
      's2/2.png': encodePng({
        ...imageOf(1, 1),
        channels: 1,
        data: imageOf(1, 1).data as Uint8Array,
      }),
      's10/1.pgm': pgm(bigger),
      's10/2.pgm': pgm(imageOf(2, 1)),
      'README.txt': 'the AT&T faces',
    });
    const data = await loadFaceDataset(dir);
    expect(data.layout).toBe('folders');
    expect(data.people).toEqual(['s1', 's10', 's2']);
    expect(data.samples.map((s) => data.people[s.label])).toEqual([
      's1',
      's1',
      's10',
      's10',
      's2',
      's2',
    ]);
    expect(data.samples[2].image.width).toBe(92);
    expect(Array.from(data.samples[0].image.data)).toEqual(Array.from(imageOf(0, 0).data));
    const x = preprocessFace(data.samples[2].image, { size: [42, 42], channels: 3 });
    expect(x.length).toBe(42 * 42 * 3);
    // gray replicated: the three planes of every pixel are equal
    for (let i = 0; i < 42 * 42; i++) {
      expect(x[i * 3]).toBe(x[i * 3 + 1]);
      expect(x[i * 3]).toBe(x[i * 3 + 2]);
    }
    expect(Math.max(...x)).toBeLessThanOrEqual(1);
  });

  it("reads Yale's flat folder: subjectNN.condition, extension-less GIFs detected by content", async () => {
    const dir = folder('yale', {
      'subject01.happy': gif(imageOf(0, 0)),
      'subject01.leftlight': gif(imageOf(0, 1)),
      'subject02.happy': gif(imageOf(1, 0)),
      'subject02.wink': gif(imageOf(1, 1)),
    });
    const data = await loadFaceDataset(dir);
    expect(data.layout).toBe('prefix');
    expect(data.people).toEqual(['subject01', 'subject02']);
    expect(data.samples.map((s) => s.condition)).toEqual(['happy', 'leftlight', 'happy', 'wink']);
    const gray = data.samples[0].image;
    const expected = imageOf(0, 0);
    expect([gray.width, gray.height]).toEqual([expected.width, expected.height]);
    const px = gray.channels === 1 ? gray.data[5] : gray.data[5 * gray.channels];
    expect(px).toBe(expected.data[5]);
  });

  it("labels the seed's A_xxx files by the prefix before the underscore, or by a rule", async () => {
    const png = (p: number, k: number) => {
      const im = imageOf(p, k);
      return encodePng({ ...im, channels: 1, data: im.data as Uint8Array });
    };
    const dir = folder('letters', {
      'A_01.jpg': png(0, 0),
      'A_02.jpg': png(0, 1),
      'C_01.jpg': png(1, 0),
      'C_xyz.jpg': png(1, 1),
    });
    expect((await loadFaceDataset(dir)).people).toEqual(['A', 'C']);
    const byRule = await loadFaceDataset(dir, { labelFromName: (n: string) => `person-${n[0]}` });
    expect(byRule.people).toEqual(['person-A', 'person-C']);
    const e = await refusal(loadFaceDataset(dir, { labelFromName: /^(\d+)-/ }));
    expect(e.message).toContain('A_01.jpg');
  });

  it('reads BioID pgm files with their .eye files and an identities map', async () => {
    const dir = folder('bioid', {
      'BioID_0000.pgm': pgm(imageOf(0, 0)),
      'BioID_0000.eye': '#LX\tLY\tRX\tRY\n30\t20\t15\t21\n',
      'BioID_0001.pgm': pgm(imageOf(0, 1)),
      'BioID_0002.pgm': pgm(imageOf(1, 0)),
      'BioID_0003.pgm': pgm(imageOf(1, 1)),
    });
    const e = await refusal(loadFaceDataset(dir));
    expect(e.message).toMatch(/identities/);
    const identities = { BioID_0000: 'A', BioID_0001: 'A', BioID_0002: 'B', BioID_0003: 'B' };
    const data = await loadFaceDataset(dir, { identities });
    expect(data.layout).toBe('bioid');
    expect(data.people).toEqual(['A', 'B']);
    expect(data.samples[0].eyes).toEqual({ left: [30, 20], right: [15, 21] });
    expect(data.samples[1].eyes).toBeUndefined();
    writeFileSync(join(dir, 'BioID_0001.eye'), '#LX LY RX RY\n1 2 x\n');
    const bad = await refusal(loadFaceDataset(dir, { identities }));
    expect(bad.code).toBe('FILE_CORRUPT');
    expect(bad.message).toContain('BioID_0001.eye');
  });

  it('refuses a folder with one person, naming it', async () => {
    const dir = folder('alone', { 's1/1.pgm': pgm(imageOf(0, 0)), 's1/2.pgm': pgm(imageOf(0, 1)) });
    const e = await refusal(loadFaceDataset(dir));
    expect(e.code).toBe('DATA_INVALID');
    expect(e.message).toContain(dir);
    expect(e.message).toMatch(/one person \(s1\).*at least 2 people/);
  });

  it('refuses an unreadable image, naming the file', async () => {
    const dir = folder('broken', {
      's1/1.pgm': pgm(imageOf(0, 0)),
      's1/2.pgm': pgm(imageOf(0, 1)),
      's2/1.pgm': pgm(imageOf(1, 0)),
      's2/2.pgm': Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]),
    });
    const e = await refusal(loadFaceDataset(dir));
    expect(e.code).toBe('FILE_CORRUPT');
    expect(e.message).toContain(join(dir, 's2', '2.pgm'));
  });

  it('refuses a person with a single image, and a missing folder', async () => {
    const dir = folder('single', {
      's1/1.pgm': pgm(imageOf(0, 0)),
      's1/2.pgm': pgm(imageOf(0, 1)),
      's2/1.pgm': pgm(imageOf(1, 0)),
    });
    const e = await refusal(loadFaceDataset(dir));
    expect(e.message).toMatch(/s2 \(1\)/);
    const missing = await refusal(loadFaceDataset(join(root, 'nowhere')));
    expect(missing.code).toBe('FILE_NOT_FOUND');
  });
});

describe('synthFaceDataset', () => {
  it('is deterministic for a seed and differs between people more than within one', () => {
    const a = synthFaceDataset({ people: 4, imagesPerPerson: 4, seed: 9 });
    const b = synthFaceDataset({ people: 4, imagesPerPerson: 4, seed: 9 });
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(synthFaceDataset({ people: 4, imagesPerPerson: 4, seed: 10 }).fingerprint).not.toBe(
      a.fingerprint,
    );
    const dist = (i: number, j: number) => {
      const x = a.samples[i].image.data;
      const y = a.samples[j].image.data;
      let s = 0;
      for (let k = 0; k < x.length; k++) s += (x[k] - y[k]) ** 2;
      return Math.sqrt(s);
    };
    let within = 0;
    let between = 0;
    let nw = 0;
    let nb = 0;
    for (let i = 0; i < 16; i++) {
      for (let j = i + 1; j < 16; j++) {
        if (a.samples[i].label === a.samples[j].label) {
          within += dist(i, j);
          nw++;
        } else {
          between += dist(i, j);
          nb++;
        }
      }
    }
    expect(within / nw).toBeLessThan(between / nb);
    // photos of one person are not copies: pose, light and expression vary
    expect(dist(0, 1)).toBeGreaterThan(0);
  });
});

describe('writeSyntheticFaces', () => {
  it('writes an ORL-style folder that loadFaceDataset reads back, and refuses a user folder', async () => {
    const dir = join(root, 'synthetic');
    const count = await writeSyntheticFaces(dir, { people: 2, imagesPerPerson: 3, size: [32, 32] });
    expect(count).toBe(6);
    const back = await loadFaceDataset(dir);
    expect(back.layout).toBe('folders');
    expect(back.people).toEqual(['p01', 'p02']);
    const drawn = synthFaceDataset({ people: 2, imagesPerPerson: 3, size: [32, 32] });
    expect(Array.from(back.samples[0].image.data)).toEqual(Array.from(drawn.samples[0].image.data));
    // written again over our own folder: fine; over a folder with a user's file: refused
    await writeSyntheticFaces(dir, { people: 2, imagesPerPerson: 2, size: [32, 32] });
    const mine = folder('mine', { 'holiday.jpg': 'not ours' });
    const e = await refusal(writeSyntheticFaces(mine, { people: 2, imagesPerPerson: 2 }));
    expect(e.code).toBe('OUTPUT_EXISTS');
  });
});

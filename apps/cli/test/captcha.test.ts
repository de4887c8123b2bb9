import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dl as run } from './helpers/dl';
import { oneJson } from './helpers/json';

/** One wasm thread, like the other tests (vitest runs files in parallel). */
const dl = (args: string[]) => run(args, { DL_THREADS: '1' });

const root = mkdtempSync(join(tmpdir(), 'dl-captcha-cli-'));
const data = join(root, 'captchas');
const models = [join(root, 'reader-1'), join(root, 'reader-2')];
/** Tiny runs: one epoch on 30 synthetic captchas proves the wiring, not the accuracy. */
const TINY = ['--synthetic-count', '30', '--epochs', '1'];

beforeAll(async () => {
  const synth = await dl(['captcha', 'synth', '--out', data, '--count', '6', '--json']);
  expect(synth.code, synth.stderr).toBe(0);
  expect(oneJson(synth)).toEqual({ dir: data, count: 6 });
  for (const [i, out] of models.entries()) {
    const train = await dl(['captcha', 'train', '--out', out, ...TINY, '--seed', `${i + 1}`]);
    expect(train.code, train.stderr).toBe(0);
  }
}, 600_000);

const images = () => readdirSync(data).filter((f) => f.endsWith('.png'));

describe('dl captcha (built binary)', () => {
  it('synth writes <label>.png files of the v2 charset', () => {
    const names = images();
    expect(names).toHaveLength(6);
    for (const n of names) expect(n).toMatch(/^[2345678bcdefgmnpwxy]{5}(_\d+)?\.png$/);
  });

  it('train --json: one document with the held-out metrics; the model dir has dl.json', async () => {
    const out = join(root, 'reader-json');
    const r = await dl(['captcha', 'train', '--out', out, ...TINY, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const t = oneJson(r);
    expect(t.artifactDir).toBe(out);
    expect(t.history.loss).toHaveLength(1);
    expect(t.split.test).toBe(6); // a fifth of 30
    expect(t.metrics.count).toBe(6);
    expect(t.metrics.accuracy).toBeGreaterThanOrEqual(0);
    expect(JSON.parse(readFileSync(join(out, 'dl.json'), 'utf8')).task).toBe('captcha');
    // Progress went to stderr as JSON lines, stdout held only the result.
    expect(r.stderr).toMatch(/^\{"event":"epoch"/m);
  });

  it('eval scores a folder; predict reads three images, the bad one reported in place', async () => {
    const evaluation = await dl([
      'captcha',
      'eval',
      '--model',
      models[0],
      '--data',
      data,
      '--json',
    ]);
    expect(evaluation.code, evaluation.stderr).toBe(0);
    const m = oneJson(evaluation);
    expect(m.count).toBe(6);
    expect(m.perPosition).toHaveLength(5);

    const bad = join(root, 'not-an-image.png');
    writeFileSync(bad, 'this is text, not a PNG');
    const [a, b] = images().map((f) => join(data, f));
    const three = await dl(['captcha', 'predict', models[0], a, bad, b, '--json']);
    expect(three.code).toBe(3);
    const results = oneJson(three);
    expect(results.map((x: { input: string }) => x.input)).toEqual([a, bad, b]);
    expect(typeof results[0].text).toBe('string');
    expect(results[0].perCharacter.length).toBe(results[0].text.length);
    expect(results[1].error.code).toMatch(/^FILE_/);
    expect(results[1].error.message).toContain('not-an-image.png');
    expect(typeof results[2].confidence).toBe('number');

    const one = await dl(['captcha', 'predict', models[0], a, '--json']);
    expect(oneJson(one)).toMatchObject({ file: a, text: results[0].text });
  });

  it('ensemble: scores members and the vote on --data, or reads images', async () => {
    const list = models.join(',');
    const scored = await dl(['captcha', 'ensemble', '--models', list, '--data', data, '--json']);
    expect(scored.code, scored.stderr).toBe(0);
    const e = oneJson(scored);
    expect(e.method).toBe('vote');
    expect(e.members.map((m: { dir: string }) => m.dir)).toEqual(models);
    expect(e.ensemble.count).toBe(6);
    expect(typeof e.beatsBest).toBe('boolean');

    const [a] = images().map((f) => join(data, f));
    const missing = join(root, 'gone.png');
    const read = await dl(['captcha', 'ensemble', '--models', list, a, missing, a, '--json']);
    expect(read.code).toBe(3);
    const readings = oneJson(read);
    expect(readings).toHaveLength(3);
    expect(readings[0].text).toBe(readings[2].text);
    expect(readings[1].error.message).toContain('gone.png');
  });

  it('bad input: a label outside the charset, one ensemble member, --data with images', async () => {
    const odd = mkdtempSync(join(root, 'odd-'));
    copyFileSync(join(data, images()[0]), join(odd, 'zzzzz.png'));
    const e = await dl(['captcha', 'eval', '--model', models[0], '--data', odd]);
    expect(e.code).toBe(3);
    expect(e.stderr).toMatch(/zzzzz\.png/);

    const lone = await dl(['captcha', 'ensemble', '--models', models[0], '--data', data]);
    expect(lone.code).toBe(2);
    expect(lone.stderr).toMatch(/an ensemble needs ≥ 2 models, got 1/);
    const both = await dl([
      'captcha',
      'ensemble',
      '--models',
      models.join(','),
      '--data',
      data,
      'x.png',
    ]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/either --data DIR .* or IMAGE arguments/);

    const noModel = await dl(['captcha', 'predict', join(root, 'no-model'), 'x.png']);
    expect(noModel.code).toBe(3);
    expect(noModel.stderr).toMatch(/no-model/);

    // --out on a file of the user's: refused before any captcha is drawn, the file untouched.
    const notes = join(root, 'notes.txt');
    writeFileSync(notes, 'mine');
    const refused = await dl(['captcha', 'train', '--out', notes, ...TINY]);
    expect(refused.code).toBe(4);
    expect(readFileSync(notes, 'utf8')).toBe('mine');
    expect(existsSync(`${notes}.checkpoints`)).toBe(false);
  });
});

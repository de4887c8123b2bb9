import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodePng } from '@dl/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { dl as run } from './helpers/dl';
import { writeFaceCrops } from './helpers/faces';
import { oneJson } from './helpers/json';

/** One wasm thread, like the other tests (vitest runs files in parallel). */
const dl = (args: string[]) => run(args, { DL_THREADS: '1' });

const root = mkdtempSync(join(tmpdir(), 'dl-face-cli-'));
const data = join(root, 'faces');
const model = join(root, 'model');
/** Tight crops of one face score lower with the detector (see @dl/face's tests). */
const CROPS = ['--score-threshold', '0.2'];

describe('dl face: the trained classifier (built binary)', () => {
  beforeAll(async () => {
    const synth = await dl([
      ...['face', 'synth', '--out', data, '--people', '3', '--images-per-person', '6'],
      ...['--size', '32', '--json'],
    ]);
    expect(synth.code, synth.stderr).toBe(0);
    expect(oneJson(synth)).toMatchObject({ count: 18, people: 3 });
  }, 120_000);

  it('train (1 epoch) → eval → predict three images, the bad one in place', async () => {
    const train = await dl([
      ...['face', 'train', '--data', data, '--out', model, '--epochs', '1'],
      ...['--train-per-person', '4', '--json'],
    ]);
    expect(train.code, train.stderr).toBe(0);
    const t = oneJson(train);
    expect(t.split.test).toBe(3 * 2); // 6 images each, 4 of them train
    expect(t.history.loss).toHaveLength(1);
    expect(t.byPerson.map((p: { person: string }) => p.person).sort()).toHaveLength(3);
    expect(JSON.parse(readFileSync(join(model, 'dl.json'), 'utf8')).task).toBe('face-identity');

    const evaluation = await dl(['face', 'eval', '--model', model, '--data', data, '--json']);
    expect(evaluation.code, evaluation.stderr).toBe(0);
    expect(oneJson(evaluation).metrics.testSamples).toBe(18);

    const people = readdirSync(data).filter((f) => !f.endsWith('.json'));
    const photo = (p: string) => join(data, p, readdirSync(join(data, p))[0]);
    const bad = join(root, 'bad.png');
    writeFileSync(bad, 'no image');
    const inputs = [photo(people[0]), bad, photo(people[1])];
    const three = await dl(['face', 'predict', model, ...inputs, '--json']);
    expect(three.code).toBe(3);
    const results = oneJson(three);
    expect(results.map((r: { input: string }) => r.input)).toEqual(inputs);
    expect(people).toContain(results[0].label);
    expect(results[1].error.message).toContain('bad.png');
    expect(results[2].top).toHaveLength(3);
  });

  it('bad input: --test with --train-per-person, --out on a file of the user’s', async () => {
    const both = await dl([
      ...['face', 'train', '--out', join(root, 'x'), '--test', '0.2'],
      ...['--train-per-person', '2'],
    ]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--test or --train-per-person, not both/);
    const notes = join(root, 'notes.txt');
    writeFileSync(notes, 'mine');
    const refused = await dl(['face', 'train', '--out', notes, '--epochs', '1']);
    expect(refused.code).toBe(4);
    expect(readFileSync(notes, 'utf8')).toBe('mine');
  });
});

describe('dl face: enroll, identify, verify with the pretrained descriptors (built binary)', () => {
  let photos: string[][];
  const gallery = join(root, 'team.json');
  beforeAll(async () => {
    photos = await writeFaceCrops(mkdtempSync(join(root, 'crops-')));
    expect(photos).toHaveLength(3);
  }, 300_000);

  it('enrolls two people (one call each), identifies them and answers unknown for the third', async () => {
    const first = await dl([
      ...['face', 'enroll', '--gallery', gallery, '--person', 'left', photos[0][0]],
      ...[...CROPS, '--json'],
    ]);
    expect(first.code, first.stderr).toBe(0);
    expect(oneJson(first).people).toEqual([{ name: 'left', images: 1 }]);
    const second = await dl([
      ...['face', 'enroll', '--gallery', gallery, '--person', 'middle', photos[1][0]],
      ...[...CROPS, '--json'],
    ]);
    expect(oneJson(second).people.map((p: { name: string }) => p.name)).toEqual(['left', 'middle']);

    const missing = join(root, 'nobody.png');
    const probes = [photos[0][1], missing, photos[1][1], photos[2][0]];
    const who = await dl(['face', 'identify', '--gallery', gallery, ...probes, ...CROPS, '--json']);
    expect(who.code).toBe(3);
    const answers = oneJson(who);
    expect(answers.map((a: { input: string }) => a.input)).toEqual(probes);
    expect(answers[0].person).toBe('left');
    expect(answers[1].error.message).toContain('nobody.png');
    expect(answers[2].person).toBe('middle');
    expect(answers[3].person).toBeNull();
    expect(answers[3].distance).toBeGreaterThan(answers[0].distance);
  });

  it('verify: two photos of one person are the same, of two people not', async () => {
    const same = await dl(['face', 'verify', photos[2][0], photos[2][1], ...CROPS, '--json']);
    expect(same.code, same.stderr).toBe(0);
    expect(oneJson(same)).toMatchObject({ same: true, threshold: 0.45 });
    const other = await dl(['face', 'verify', photos[2][0], photos[0][0], ...CROPS]);
    expect(other.stdout).toMatch(/^different people: distance \d\.\d{3} \(threshold 0\.45\)/);
  });

  it('bad input: a gallery path holding a user file, --person without images, no face', async () => {
    const notes = join(root, 'notes.json');
    writeFileSync(notes, '{"mine": true}');
    const refused = await dl([
      ...['face', 'enroll', '--gallery', notes, '--person', 'x', photos[0][0]],
      ...CROPS,
    ]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/not a @dl face gallery/);
    expect(readFileSync(notes, 'utf8')).toBe('{"mine": true}');
    const lonely = await dl([
      'face',
      'enroll',
      '--gallery',
      join(root, 'g2.json'),
      '--person',
      'x',
    ]);
    expect(lonely.code).toBe(2);
    expect(lonely.stderr).toMatch(/--person NAME with its IMAGE arguments, or --data DIR/);
    expect(existsSync(join(root, 'g2.json'))).toBe(false);
    // A grey square has no face: identify says so, naming the file.
    const blank = join(root, 'blank.png');
    const grey = { width: 64, height: 64, channels: 3 as const, data: new Uint8Array(64 * 64 * 3) };
    writeFileSync(blank, encodePng({ ...grey, data: grey.data.fill(128) }));
    const none = await dl(['face', 'identify', '--gallery', gallery, blank]);
    expect(none.code).toBe(3);
    expect(none.stderr).toMatch(/blank\.png.*no face found/);
  });
});

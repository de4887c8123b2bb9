import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodePng, readImage } from '@dl/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { dl as run } from './helpers/dl';
import { oneJson } from './helpers/json';

/** One wasm thread, like the other tests (vitest runs files in parallel). */
const dl = (args: string[]) => run(args, { DL_THREADS: '1' });

const root = mkdtempSync(join(tmpdir(), 'dl-plate-reader-cli-'));
const plates = join(root, 'plates');
const named = join(root, 'named');
const models = join(root, 'models');
let texts: string[];

beforeAll(async () => {
  const synth = await dl(['plate', 'synth', '--out', plates, '--count', '3', '--json']);
  expect(synth.code, synth.stderr).toBe(0);
  // The crops again, named by their text: the layout loadPlateReaderDataset reads.
  mkdirSync(named);
  const rows = readFileSync(join(plates, 'labels.tsv'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split('\t'))
    .filter(([file]) => file.endsWith('.png'));
  texts = rows.map(([, text]) => text);
  for (const [file, text] of rows) copyFileSync(join(plates, file), join(named, `${text}.png`));
  // Tiny: one epoch of 32 synthetic crops proves the wiring, not the accuracy.
  const train = await dl([
    ...['plate', 'train-reader', '--out', join(models, 'reader'), '--architecture', 'small'],
    ...['--epochs', '1', '--synthetic-per-epoch', '32', '--validation-plates', '8', '--json'],
  ]);
  expect(train.code, train.stderr).toBe(0);
  const t = oneJson(train);
  expect(t.metrics.plates).toBe(8);
  expect(t.history.loss).toHaveLength(1);
  expect(t.data).toMatchObject({ syntheticPerEpoch: 32, realTrain: 0 });
}, 600_000);

describe('dl plate train-reader / eval-reader / read with the CTC reader (built binary)', () => {
  it('read MODELS uses MODELS/reader: three plates, the bad one reported in place', async () => {
    const bad = join(root, 'bad.png');
    writeFileSync(bad, 'no plate here');
    const inputs = [join(named, `${texts[0]}.png`), bad, join(named, `${texts[1]}.png`)];
    const r = await dl(['plate', 'read', models, ...inputs, '--json']);
    expect(r.code).toBe(3);
    const readings = oneJson(r);
    expect(readings.map((x: { input: string }) => x.input)).toEqual(inputs);
    expect(readings[0].method).toBe('ctc');
    expect(typeof readings[0].text).toBe('string');
    expect(typeof readings[0].valid).toBe('boolean');
    expect(readings[1].error.message).toContain('bad.png');
    expect(readings[2].method).toBe('ctc');
  });

  it('eval-reader scores crops named by their text, one row each', async () => {
    const r = await dl(['plate', 'eval-reader', '--model', models, '--data', named, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const e = oneJson(r);
    expect(e.method).toBe('ctc');
    expect(e.plates).toBe(3);
    expect(e.rows.map((row: { truth: string }) => row.truth).sort()).toEqual([...texts].sort());
    expect(e.exact).toBeGreaterThanOrEqual(0);
    const text = await dl(['plate', 'eval-reader', '--model', models, '--data', named]);
    expect(text.stdout).toMatch(/ctc reader: \d+\.\d% plates exact \(95% .*\) of 3/);
  });

  it('eval-reader --photos finds and scores plates in photos named by their plate', async () => {
    const photos = join(root, 'photos');
    mkdirSync(photos);
    // A grey gradient (no plate) and the same with a synthetic plate crop pasted in, 3× up.
    const W = 400;
    const H = 240;
    const grey = () => Uint8Array.from({ length: W * H * 3 }, (_, i) => 80 + ((i / 3) % W) / 8);
    writeFileSync(
      join(photos, '苏E22222.png'),
      encodePng({ width: W, height: H, channels: 3, data: grey() }),
    );
    const crop = await readImage(join(named, `${texts[0]}.png`));
    const data = grey();
    for (let y = 0; y < crop.height * 3; y++)
      for (let x = 0; x < crop.width * 3; x++)
        for (let k = 0; k < 3; k++)
          data[((60 + y) * W + 60 + x) * 3 + k] =
            crop.data[(Math.floor(y / 3) * crop.width + Math.floor(x / 3)) * crop.channels + k];
    writeFileSync(
      join(photos, `${texts[0]}.png`),
      encodePng({ width: W, height: H, channels: 3, data }),
    );
    const evalPhotos = ['plate', 'eval-reader', '--model', models, '--data', photos, '--photos'];
    const r = await dl([...evalPhotos, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const e = oneJson(r);
    expect(e.plates).toBe(2);
    const flat = e.rows.find((row: { truth: string }) => row.truth === '苏E22222');
    expect(flat).toMatchObject({ plates: 0 });
    expect(flat.read).toBeUndefined();
    expect(e.found).toBeLessThanOrEqual(0.5);
    expect(e.unreadable).toBeGreaterThanOrEqual(0.5);
    const text = await dl(evalPhotos);
    expect(text.stdout).toContain('苏E22222.png\t苏E22222\t(no plate found)');
    expect(text.stdout).toMatch(/plates found in \d+\.\d% of 2 photos/);
  });

  it('bad input: crops not named by a plate text, segmentation without the classifiers', async () => {
    const unnamed = await dl(['plate', 'eval-reader', '--model', models, '--data', plates]);
    expect(unnamed.code).toBe(3);
    expect(unnamed.stderr).toMatch(/0000\.png.*not named by a plate text/);
    const segment = await dl([
      ...['plate', 'read', models, join(named, `${texts[0]}.png`), '--method', 'segment'],
    ]);
    expect(segment.code).toBe(3);
    expect(segment.stderr).toMatch(/province/);
    const odd = await dl(['plate', 'train-reader', '--out', join(root, 'r2'), '--epochs', '0']);
    expect(odd.code).toBe(2);
    expect(odd.stderr).toMatch(/--epochs must be a positive integer, got '0'/);
  });

  it('read --photo: a photo without a plate answers "no plate found", a report PNG is written, a non-image is refused', async () => {
    // a grey gradient: no plate colour, no plate edges
    const W = 320;
    const H = 200;
    const data = Uint8Array.from({ length: W * H * 3 }, (_, i) => 80 + ((i / 3) % W) / 8);
    const photo = join(root, 'street.png');
    writeFileSync(photo, encodePng({ width: W, height: H, channels: 3, data }));
    const reports = join(root, 'found');
    const r = await dl(['plate', 'read', models, photo, '--photo', '--report', reports, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const result = oneJson(r);
    expect(result).toMatchObject({ file: photo, method: 'ctc', plates: [] });
    expect(result.report).toBe(join(reports, 'street.plates.png'));
    expect(existsSync(result.report)).toBe(true);
    const text = await dl(['plate', 'read', models, photo, '--photo']);
    expect(text.stdout.trim()).toBe(`${photo}\tno plate found`);
    // a user's file where the report would go is left alone
    const mine = join(root, 'mine');
    mkdirSync(mine);
    writeFileSync(join(mine, 'street.plates.png'), 'my own picture');
    const refused = await dl(['plate', 'read', models, photo, '--photo', '--report', mine]);
    expect(refused.code).toBe(4);
    expect(readFileSync(join(mine, 'street.plates.png'), 'utf8')).toBe('my own picture');
    const bad = join(root, 'not-a-photo.jpg');
    writeFileSync(bad, 'plain text');
    const notImage = await dl(['plate', 'read', models, bad, '--photo']);
    expect(notImage.code).toBe(3);
    expect(notImage.stderr).toContain('not-a-photo.jpg');
    const usage = await dl(['plate', 'read', models, photo, '--report', reports]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--report and --min-confidence go with --photo/);
  });
});

import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { dl as run } from './helpers/dl';
import { oneJson } from './helpers/json';

/** One wasm thread, like the other tests (vitest runs files in parallel). */
const dl = (args: string[]) => run(args, { DL_THREADS: '1' });

/** @dl/transfer's folder: its node_modules hold nsfwjs, the weight package of the backbone. */
const FROM = ['--from', fileURLToPath(new URL('../../../packages/transfer', import.meta.url))];
const BACKBONE = ['--backbone', 'nsfw-mobilenet-v2-block13'];
const root = mkdtempSync(join(tmpdir(), 'dl-transfer-cli-'));
const data = join(root, 'shapes');
const cache = join(root, 'cache');
const model = join(root, 'model');

beforeAll(async () => {
  const synth = await dl(['transfer', 'synth', '--out', data, '--per-class', '8', '--size', '32']);
  expect(synth.code, synth.stderr).toBe(0);
  expect(synth.stdout).toMatch(/wrote 24 images of disc, square, stripes/);
}, 120_000);

const imageOf = (shape: string) => join(data, shape, readdirSync(join(data, shape))[0]);

describe('dl transfer (built binary)', () => {
  it('backbones: the built-in list, each with its weight package and whether it is installed', async () => {
    const r = await dl(['transfer', 'backbones', ...FROM, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const rows = oneJson(r);
    const names = rows.map((b: { name: string }) => b.name);
    expect(names).toEqual(expect.arrayContaining(['centernet', 'nsfw-mobilenet-v2-block13']));
    const block13 = rows.find((b: { name: string }) => b.name === 'nsfw-mobilenet-v2-block13');
    expect(block13).toMatchObject({ weights: 'nsfwjs@4.4.0', installed: true });
    // From a folder without node_modules, nothing is installed.
    const bare = oneJson(await dl(['transfer', 'backbones', '--from', root, '--json']));
    expect(bare.every((b: { installed: boolean }) => !b.installed)).toBe(true);
  });

  it('features fill the cache; train reads it; eval and predict (three inputs, one bad)', async () => {
    const features = await dl([
      ...['transfer', 'features', '--data', data, '--cache', cache],
      ...[...BACKBONE, ...FROM, '--json'],
    ]);
    expect(features.code, features.stderr).toBe(0);
    expect(oneJson(features)).toMatchObject({ images: 24, dim: 576, computed: 24, fromCache: 0 });

    const train = await dl([
      ...['transfer', 'train', '--data', data, '--out', model, '--cache', cache],
      ...[...BACKBONE, ...FROM, '--epochs', '3', '--json'],
    ]);
    expect(train.code, train.stderr).toBe(0);
    const t = oneJson(train);
    expect(t.features).toMatchObject({ fromCache: 24, computed: 0, dim: 576 });
    expect(t.split.train + t.split.validation + t.split.test).toBe(24);
    expect(t.history.loss).toHaveLength(3);
    expect(t.metrics.testSamples).toBe(t.split.test);

    const evaluation = await dl(['transfer', 'eval', '--model', model, '--data', data, ...FROM]);
    expect(evaluation.code, evaluation.stderr).toBe(0);
    expect(evaluation.stdout).toMatch(/on 24 images/);

    const bad = join(root, 'broken.png');
    writeFileSync(bad, 'not a picture');
    const inputs = [imageOf('disc'), bad, imageOf('stripes')];
    const three = await dl(['transfer', 'predict', model, ...inputs, ...FROM, '--json']);
    expect(three.code).toBe(3);
    const results = oneJson(three);
    expect(results.map((x: { input: string }) => x.input)).toEqual(inputs);
    expect(['disc', 'square', 'stripes']).toContain(results[0].label);
    expect(results[0].top).toHaveLength(3);
    expect(results[1].error.message).toContain('broken.png');
    expect(results[2].file).toBe(inputs[2]);
  });

  it('cv: the frozen head from the cache, and fine-tuning, each image scored once', async () => {
    const frozen = await dl([
      ...['transfer', 'cv', '--data', data, '--cache', cache, '--folds', '3'],
      ...[...BACKBONE, ...FROM, '--epochs', '3', '--json'],
    ]);
    expect(frozen.code, frozen.stderr).toBe(0);
    const f = oneJson(frozen);
    expect(f.folds).toHaveLength(3);
    expect(f.pooled.metrics.testSamples).toBe(24);
    expect(f.mean.accuracy).toBeGreaterThanOrEqual(0);
    const text = await dl([
      ...['transfer', 'cv', '--data', data, '--cache', cache, '--folds', '3'],
      ...[...BACKBONE, ...FROM, '--epochs', '3'],
    ]);
    expect(text.stdout).toMatch(
      /^nsfw-mobilenet-v2-block13, default head: accuracy \d\.\d{3} ± \d\.\d{3} \(pooled \d\.\d{3}\).*folds \d\.\d{3} · \d\.\d{3} · \d\.\d{3}$/m,
    );

    const tuned = await dl([
      ...['transfer', 'cv', '--data', data, '--folds', '2', ...BACKBONE, ...FROM],
      ...['--fine-tune-from', 'block_13_expand', '--fine-tune-epochs', '1', '--views', '2'],
      ...['--epochs', '3', '--json'],
    ]);
    expect(tuned.code, tuned.stderr).toBe(0);
    const t = oneJson(tuned);
    expect(t.frozen.pooled.metrics.testSamples).toBe(24);
    expect(t.fineTuned.pooled.metrics.testSamples).toBe(24);
    expect(t.epochs).toEqual([1, 1]);

    const cached = await dl([
      ...['transfer', 'cv', '--data', data, '--cache', cache, ...BACKBONE],
      ...['--fine-tune-from', 'block_13_expand'],
    ]);
    expect(cached.code).toBe(2);
    expect(cached.stderr).toMatch(/--cache holds frozen features/);
    const stray = await dl(['transfer', 'cv', '--data', data, '--views', '3']);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toMatch(/--views needs --fine-tune-from LAYER/);
  }, 300_000);

  it('bad input: an unknown backbone, stray directory flags, a missing weight package, other classes', async () => {
    const unknown = await dl([
      ...['transfer', 'train', '--data', data, '--out', join(root, 'x')],
      ...['--backbone', 'resnet-9000'],
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no built-in backbone 'resnet-9000'; known: centernet/);
    const stray = await dl([
      ...['transfer', 'features', '--data', data, '--cache', cache],
      ...['--feature-nodes', 'a,b'],
    ]);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toMatch(/--feature-nodes needs --backbone-dir/);
    const lonely = await dl([
      ...['transfer', 'train', '--data', data, '--out', join(root, 'x')],
      ...['--fine-tune-lr', '1e-5'],
    ]);
    expect(lonely.code).toBe(2);
    expect(lonely.stderr).toMatch(/--fine-tune-lr needs --fine-tune-from LAYER/);
    const graph = await dl([
      ...['transfer', 'train', '--data', data, '--out', join(root, 'x')],
      ...['--backbone', 'centernet', '--fine-tune-from', 'block_16_expand'],
    ]);
    expect(graph.code).toBe(2);
    expect(graph.stderr).toMatch(/fine-tuning needs a layers backbone: nsfw-mobilenet-v2/);
    const missing = await dl([
      ...['transfer', 'features', '--data', data, '--cache', join(root, 'c2')],
      ...[...BACKBONE, '--from', root],
    ]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/needs the npm package nsfwjs, which is not installed/);

    const other = join(root, 'other');
    for (const c of ['cats', 'dogs']) mkdirSync(join(other, c), { recursive: true });
    writeFileSync(join(other, 'cats', 'a.png'), 'x');
    writeFileSync(join(other, 'dogs', 'b.png'), 'x');
    const wrong = await dl(['transfer', 'eval', '--model', model, '--data', other, ...FROM]);
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toMatch(/the model knows classes disc, square, stripes/);
  });
});

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dl } from './helpers/dl';
import { maxAbsDiff, oneJson, weightsOf } from './helpers/json';

describe('dl (built binary)', () => {
  it('doctor reports backend, reason, threads and native availability', async () => {
    const r = await dl(['doctor']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/backend\s+wasm — auto/);
    expect(r.stdout).toMatch(/skipped\s+tfjs-node-gpu: not installed/);
    expect(r.stdout).toMatch(/@tensorflow\/tfjs-node\s+not loadable/);
    expect(r.stdout).toMatch(/threads\s+\d+/);
  });

  it('doctor --json is machine-readable and honours DL_BACKEND', async () => {
    const r = await dl(['doctor', '--json'], { DL_BACKEND: 'cpu' });
    const report = oneJson(r);
    expect(report.backend).toMatchObject({ id: 'cpu', backend: 'cpu', threads: 1 });
    expect(report.versions['@tensorflow/tfjs-core']).toBe('4.22.0');
  });

  it('rejects an unknown backend and an unknown command clearly', async () => {
    const bad = await dl(['doctor'], { DL_BACKEND: 'gpu' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/DL_BACKEND is 'gpu'; expected one of auto, tensorflow, wasm, cpu/);
    const unknown = await dl(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'frobnicate'/);
    const badFlag = await dl(['demo', '--epochs', 'many']);
    expect(badFlag.stderr).toMatch(/--epochs must be a positive integer, got 'many'/);
  });

  it('demo, then plate synth / eval / read and summary on its models (--json, tiny)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'dl-demo-'));
    const r = await dl([
      'demo',
      '--epochs',
      '1',
      '--per-class',
      '10',
      '--plates',
      '2',
      '--out',
      out,
      '--json',
    ]);
    expect(r.code).toBe(0);
    const res = oneJson(r);
    expect(Object.keys(res.classifiers)).toEqual(['province', 'letter', 'alnum']);
    expect(res.plates).toHaveLength(2);
    for (const p of res.plates) expect(p.read).toHaveLength(7);

    const glyphs = join(out, 'glyphs');
    const synth = await dl([
      'plate',
      'synth',
      '--kind',
      'letter',
      '--per-class',
      '2',
      '--out',
      glyphs,
    ]);
    expect(synth.stdout).toMatch(/wrote 48 letter glyphs in 24 class folders/);
    const evaluation = await dl([
      'plate',
      'eval',
      '--model',
      join(out, 'letter'),
      '--data',
      glyphs,
      '--json',
    ]);
    expect(evaluation.code).toBe(0);
    expect(oneJson(evaluation).support).toBe(48);

    const plates = join(out, 'plates');
    const synthPlates = await dl(['plate', 'synth', '--count', '2', '--out', plates, '--json']);
    expect(oneJson(synthPlates)).toMatchObject({ files: 2, kind: 'plates' });
    const read = await dl(['plate', 'read', out, join(plates, '0000.png'), '--json']);
    expect(read.code).toBe(0);
    expect(oneJson(read).text).toHaveLength(7);

    // Several plates, one of them not an image: one array, the bad one reported in place, the
    // plate after it still read; the exit code says a data file was bad.
    const bad = join(out, 'bad.png');
    writeFileSync(bad, 'not a png at all');
    const images = [join(plates, '0000.png'), bad, join(plates, '0001.png')];
    const many = await dl(['plate', 'read', out, ...images, '--json']);
    expect(many.code).toBe(3);
    const readings = oneJson(many);
    expect(readings.map((r: { input: string }) => r.input)).toEqual(images);
    expect(readings[0].text).toHaveLength(7);
    expect(readings[1].error.code).toMatch(/^FILE_/);
    expect(readings[1].error.message).toContain('bad.png');
    expect(readings[2].text).toHaveLength(7);
    // Without --json too: the good plates are printed, the bad one named on stderr.
    const text = await dl(['plate', 'read', out, ...images]);
    expect(text.code).toBe(3);
    expect(text.stdout.trim().split('\n')).toHaveLength(2);
    expect(text.stderr).toMatch(/bad\.png/);

    const wrong = await dl(['plate', 'eval', '--model', join(out, 'province'), '--data', glyphs]);
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toMatch(/no province glyphs/);

    const summary = await dl(['summary', join(out, 'letter')]);
    expect(summary.stdout).toMatch(/task {8}plate-letter/);
    expect(summary.stdout).toMatch(/Total params/);
    expect(oneJson(await dl(['summary', join(out, 'letter'), '--json'])).meta.task).toBe(
      'plate-letter',
    );

    // plate train --resume continues the demo's letter run (same options) for one more epoch.
    const train = ['plate', 'train', '--kind', 'letter', '--out', join(out, 'letter')];
    const again = [...train, '--synthetic-per-class', '10', '--epochs', '2', '--resume'];
    const resumed = await dl(again);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/^resumed after epoch 1, trained 1 more epoch\(s\)/);
    expect(resumed.stderr).toMatch(/^epoch 2\/2 /m);
    // …and ends where an uninterrupted two-epoch run ends: the same losses, the same weights
    // (a resume that re-initialised the model, or replayed other batches, would not).
    const straightDir = join(out, 'letter-straight');
    const straightRun = await dl([
      ...['plate', 'train', '--kind', 'letter', '--out', straightDir],
      ...['--synthetic-per-class', '10', '--epochs', '2', '--json'],
    ]);
    const straight = oneJson(straightRun);
    const meta = JSON.parse(readFileSync(join(out, 'letter', 'dl.json'), 'utf8'));
    expect(meta.metrics.accuracy).toBeCloseTo(straight.metrics.accuracy, 6);
    expect(maxAbsDiff(weightsOf(join(out, 'letter')), weightsOf(straightDir))).toBeLessThan(1e-4);
    const refused = await dl([...again, '--seed', '2']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/cannot resume from .*last: its seed differs/);
  });
});

describe('dl textcnn (built binary)', () => {
  it('trains the TF-IDF baseline on a TSV and predicts with --json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dl-textcnn-'));
    const good = [
      'a wonderful film',
      'i loved the acting',
      'great music and a great story',
      'truly delightful',
    ];
    const bad = [
      'a dreadful film',
      'i hated the acting',
      'boring music and a boring story',
      'truly awful',
    ];
    const lines = Array.from({ length: 10 }, () => [
      ...good.map((t) => `pos\t${t}`),
      ...bad.map((t) => `neg\t${t}`),
    ]).flat();
    writeFileSync(join(dir, 'data.tsv'), `${lines.join('\n')}\n`);
    const train = await dl([
      'textcnn',
      'train',
      '--model',
      'tfidf',
      '--data',
      join(dir, 'data.tsv'),
      '--out',
      join(dir, 'model'),
      '--json',
    ]);
    expect(train.code).toBe(0);
    expect(oneJson(train).metrics.accuracy).toBeGreaterThan(0.9);
    const predict = await dl([
      'textcnn',
      'predict',
      join(dir, 'model'),
      'a wonderful story',
      '--json',
    ]);
    expect(predict.code).toBe(0);
    expect(JSON.parse(predict.stdout.trim().split('\n')[0])).toMatchObject({ label: 'pos' });
    // Three sentences, the middle one blank: an array, the error in its place.
    const three = ['a wonderful story', ' ', 'a dreadful story'];
    const many = await dl(['textcnn', 'predict', join(dir, 'model'), ...three, '--json']);
    expect(many.code).toBe(3);
    const predictions = oneJson(many);
    expect(predictions.map((p: { input: string }) => p.input)).toEqual(three);
    expect(predictions[0]).toMatchObject({ label: 'pos', text: three[0] });
    expect(predictions[1].error).toMatchObject({ code: 'DATA_INVALID' });
    expect(predictions[2]).toMatchObject({ label: 'neg' });
    const evaluation = await dl([
      'textcnn',
      'eval',
      '--model',
      join(dir, 'model'),
      '--data',
      join(dir, 'data.tsv'),
      '--json',
    ]);
    expect(oneJson(evaluation).support).toBe(80);
    const compare = await dl([
      ...['textcnn', 'compare', '--models', 'tfidf', '--data', join(dir, 'data.tsv')],
      ...['--out', join(dir, 'compare'), '--json'],
    ]);
    expect(compare.code, compare.stderr).toBe(0);
    expect(oneJson(compare).results.map((r: { model: string }) => r.model)).toEqual(['tfidf']);
    // A model of another task is named for what it is, not blamed on a flag nobody gave.
    const wrongTask = await dl(['plate', 'eval', '--model', join(dir, 'model'), '--data', dir]);
    expect(wrongTask.code).toBe(3);
    expect(wrongTask.stderr).toMatch(/this is a 'text-tfidf' model .*expected 'plate-province'/);
    expect(wrongTask.stderr).not.toMatch(/--kind/);
    const missing = await dl([
      'textcnn',
      'train',
      '--model',
      'tfidf',
      '--data',
      join(dir, 'nope.tsv'),
      '--out',
      join(dir, 'm2'),
    ]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/nope\.tsv/);

    // A CNN train continues with --resume; the baseline has nothing to resume.
    const cnn = ['textcnn', 'train', '--model', 'cnn-rand', '--data', join(dir, 'data.tsv')];
    const cnnOut = ['--out', join(dir, 'cnn'), '--max-len', '8'];
    const first = await dl([...cnn, ...cnnOut, '--epochs', '1', '--json']);
    expect(first.code, first.stderr).toBe(0);
    const resumed = await dl([...cnn, ...cnnOut, '--epochs', '2', '--resume', '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const r = oneJson(resumed);
    expect(r.message).toMatch(/^resumed after epoch 1, trained 1 more epoch\(s\)/);
    expect(r.history.loss).toHaveLength(2);
    const tfidf = await dl([
      'textcnn',
      'train',
      '--model',
      'tfidf',
      '--data',
      join(dir, 'data.tsv'),
      '--out',
      join(dir, 'model'),
      '--resume',
    ]);
    expect(tfidf.code).toBe(2);
    expect(tfidf.stderr).toMatch(/tfidf baseline is fitted in one go .*nothing to resume/);
  });
});

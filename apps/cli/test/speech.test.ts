import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dl as run } from './helpers/dl';
import { oneJson } from './helpers/json';

/** One wasm thread, like the other tests (vitest runs files in parallel). */
const dl = (args: string[]) => run(args, { DL_THREADS: '1' });

describe('dl speech (built binary)', () => {
  it('synth → train → eval → predict, with --json', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dl-speech-cli-'));
    const data = join(root, 'fsdd');
    const synth = await dl([
      'speech',
      'synth',
      '--out',
      data,
      '--voices',
      '3',
      '--renditions',
      '6',
      '--json',
    ]);
    expect(synth.code, synth.stderr).toBe(0);
    expect(oneJson(synth)).toMatchObject({ files: 180 });

    const model = join(root, 'model');
    const train = await dl([
      'speech',
      'train',
      '--data',
      data,
      '--out',
      model,
      '--epochs',
      '2',
      '--json',
    ]);
    expect(train.code, train.stderr).toBe(0);
    const t = oneJson(train);
    // FSDD's standard split: takes 0–4 of every voice and digit are the test set
    expect(t.split.test).toBe(3 * 10 * 5);
    expect(t.bySpeaker.map((s: { key: string }) => s.key)).toEqual([
      'en-gb-m2',
      'en-gb-scotland-m3',
      'en-us-m1',
    ]);
    expect(t.byLabel).toHaveLength(10);
    expect(t.history.loss).toHaveLength(2);

    const evaluation = await dl(['speech', 'eval', '--model', model, '--data', data, '--json']);
    expect(evaluation.code, evaluation.stderr).toBe(0);
    expect(oneJson(evaluation).metrics.accuracy).toBeCloseTo(t.metrics.accuracy, 6);
    const text = await dl(['speech', 'eval', '--model', model, '--data', data, '--split', 'all']);
    expect(text.stdout).toMatch(/speaker\s+accuracy/);
    expect(text.stdout).toMatch(/on 180 recordings/);

    const file = join(data, '7_en-us-m1_5.wav');
    const predict = await dl(['speech', 'predict', model, file, '--top', '2', '--json']);
    expect(predict.code, predict.stderr).toBe(0);
    const p = oneJson(predict);
    expect(p.file).toBe(file);
    expect(p.top).toHaveLength(2);
    expect(p.top[0].probability).toBeGreaterThanOrEqual(p.top[1].probability);

    // Three recordings, the middle one corrupt: one JSON array, the error in its place, the
    // third still recognised; exit 3 (a bad input file).
    const corrupt = join(root, 'corrupt.wav');
    writeFileSync(corrupt, 'RIFF....WAVEfmt garbage');
    const files = [file, corrupt, join(data, '3_en-gb-m2_5.wav')];
    const three = await dl(['speech', 'predict', model, ...files, '--json']);
    expect(three.code).toBe(3);
    const results = oneJson(three);
    expect(results.map((x: { input: string }) => x.input)).toEqual(files);
    expect(results[0]).toMatchObject({ file, label: p.label });
    expect(results[1].error.code).toMatch(/^FILE_/);
    expect(results[1].error.message).toContain('corrupt.wav');
    expect(results[2].top).toHaveLength(3);
    // --jsonl streams the same results, one line each.
    const lines = await dl(['speech', 'predict', model, ...files, '--jsonl']);
    expect(
      lines.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual(results);

    // An interrupted train continues from its checkpoint; another run's options are refused.
    const again = ['speech', 'train', '--data', data, '--out', model, '--epochs', '3', '--resume'];
    const resumed = await dl([...again, '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const r = oneJson(resumed);
    expect(r.message).toMatch(/^resumed after epoch 2, trained 1 more epoch\(s\)/);
    expect(r.history.loss).toHaveLength(3);
    const refused = await dl([...again, '--no-augment']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/cannot resume from .*last: its augment differs/);
  });

  it('says clearly what is wrong with the input', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dl-speech-bad-'));
    const empty = join(root, 'nothing');
    mkdirSync(empty);
    writeFileSync(join(empty, 'song.mp3'), 'x');
    const train = await dl(['speech', 'train', '--data', empty, '--out', join(root, 'm')]);
    expect(train.code).toBe(3);
    expect(train.stderr).toMatch(
      /no FSDD recordings: expected files named <digit>_<speaker>_<index>\.wav.*found song\.mp3/,
    );
    const split = await dl(['speech', 'train', '--out', join(root, 'm'), '--split', 'random']);
    expect(split.stderr).toMatch(/--split must be standard or speaker, got 'random'/);
    const predict = await dl(['speech', 'predict', join(root, 'no-model'), 'x.wav']);
    expect(predict.code).toBe(3);
    expect(predict.stderr).toMatch(/no-model/);
    // Flags are checked before any audio is synthesised.
    for (const [value, message] of [
      ['-3', "--epochs must be a positive integer, got '-3'"],
      ['abc', "--epochs must be a positive integer, got 'abc'"],
    ]) {
      const bad = await dl(['speech', 'train', '--out', join(root, 'm'), '--epochs', value]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain(message);
      expect(bad.stderr).not.toMatch(/ambiguous|synthesising/);
    }
    const usage = await dl(['speech', 'listen']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/unknown subcommand 'listen'/);
  });
});

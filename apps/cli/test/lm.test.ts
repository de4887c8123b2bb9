import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@dl/core';
import { loadLanguageModel, synthLmCorpus } from '@dl/text-lm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dl } from './helpers/dl';
import { oneJson } from './helpers/json';

const root = mkdtempSync(join(tmpdir(), 'dl-lm-cli-'));
const model = join(root, 'model');
// A tiny corpus in Penn Treebank's layout: a leading space, words separated by spaces.
const SENTENCES = [
  'the cat sees the dog',
  'a dog sees the cat',
  'the dog runs',
  'alice sees a cat',
  'bob runs',
  'the cat runs',
];
const ptb = join(root, 'ptb');
// biome-ignore lint/suspicious/noExplicitAny: the parsed --json document of the shared train run.
let trained: any;

/** A model must beat the unigram baseline's perplexity by this factor to count as learned. */
const UNIGRAM_MARGIN = 0.6;

/** Perplexity of an add-one unigram model of `train` on `test`, over words and </s>. */
function unigramPerplexity(train: string[][], test: string[][]): number {
  const counts = new Map<string, number>();
  let total = 0;
  for (const s of train) {
    for (const w of [...s, '</s>']) {
      counts.set(w, (counts.get(w) ?? 0) + 1);
      total++;
    }
  }
  const vocabulary = counts.size + 1; // + one slot for unseen words
  let nll = 0;
  let n = 0;
  for (const s of test) {
    for (const w of [...s, '</s>']) {
      nll -= Math.log(((counts.get(w) ?? 0) + 1) / (total + vocabulary));
      n++;
    }
  }
  return Math.exp(nll / n);
}
const line = (s: string) => ` ${s} \n`;

beforeAll(async () => {
  mkdirSync(ptb);
  writeFileSync(
    join(ptb, 'ptb.train.txt'),
    Array.from({ length: 40 }, (_, i) => line(SENTENCES[i % 6])).join(''),
  );
  writeFileSync(join(ptb, 'ptb.valid.txt'), SENTENCES.slice(0, 3).map(line).join(''));
  writeFileSync(join(ptb, 'ptb.test.txt'), SENTENCES.slice(3).map(line).join(''));
  // A small model on the synthetic grammar, shared by the eval / generate / score tests.
  const r = await dl([
    'lm',
    'train',
    '--synthetic',
    '--synthetic-sentences',
    '400',
    '--out',
    model,
    '--epochs',
    '5',
    '--layers',
    '1',
    '--units',
    '24',
    '--embedding',
    '16',
    '--optimizer',
    'adam',
    '--lr',
    '0.02',
    '--json',
  ]);
  expect(r.code, r.stderr).toBe(0);
  trained = oneJson(r);
}, 120_000);
afterAll(() => rm(root, { recursive: true, force: true }));

describe('dl lm (built binary)', () => {
  it('train --synthetic --json: metrics, the grammar’s true perplexity, the saved model', async () => {
    const meta = JSON.parse(readFileSync(join(model, 'dl.json'), 'utf8'));
    expect(meta.task).toBe('text-lm');
    expect(meta.extra.config).toMatchObject({ units: 24, layers: 1, regime: 'stream' });
    // The corpus the CLI trained on (same sizes and seed), to check the reported numbers.
    const corpus = synthLmCorpus({ train: 400, validation: 40, test: 40, seed: 1 });
    expect(trained.truePerplexity).toBeCloseTo(corpus.truth.testPerplexity, 9);
    // The perplexity the CLI reports is the library's own evaluation of the saved model…
    await initBackend();
    const lm = await loadLanguageModel(model);
    const evaluation = await lm.perplexity(corpus.test);
    lm.dispose();
    expect(trained.metrics.testPerplexity).toBeCloseTo(evaluation.perplexity, 3);
    expect(meta.metrics.testPerplexity).toBeCloseTo(evaluation.perplexity, 3);
    // …and the model learned the grammar's structure: clearly better than a unigram model of
    // the training words (which knows word frequencies, not order), and not better than the
    // grammar itself.
    const unigram = unigramPerplexity(corpus.train.sentences, corpus.test.sentences);
    expect(trained.metrics.testPerplexity).toBeLessThan(UNIGRAM_MARGIN * unigram);
    expect(trained.metrics.testPerplexity).toBeGreaterThan(0.95 * corpus.truth.testPerplexity);
  });

  it('train --data PTB_DIR: the one command for Penn Treebank, with per-epoch lines and an ETA', async () => {
    const out = join(root, 'ptb-model');
    const r = await dl([
      'lm',
      'train',
      '--data',
      ptb,
      '--out',
      out,
      '--epochs',
      '2',
      '--units',
      '8',
      '--batch',
      '4',
      '--steps',
      '5',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /^epoch 1\/2 {2}loss \d+\.\d{4} .*val_perplexity \d+\.\d{4}.*\(\d+\.\ds, ETA \d+\.\ds\)$/m,
    );
    expect(r.stdout).toMatch(/test perplexity {7}\d+\.\d\d {2}accuracy 0\.\d{4} {2}\(12 tokens\)/);
    expect(r.stdout).toMatch(
      / parameters, vocabulary 12, wasm × \d thread\(s\), \d+ training tokens\/s/,
    );
    // Interrupted runs continue: one more epoch from the checkpoint of epoch 2.
    const options = ['--data', ptb, '--out', out, '--units', '8', '--batch', '4', '--steps', '5'];
    const resumed = await dl(['lm', 'train', ...options, '--epochs', '3', '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/^resumed after epoch 2, trained 1 more epoch\(s\)/);
    expect(resumed.stderr).toMatch(/^epoch 3\/3 /m);
    const refused = await dl(['lm', 'train', ...options, '--epochs', '3', '--resume', '--lr', '2']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/cannot resume from .*: its config.learningRate differs/);
    const json = await dl([
      'lm',
      'train',
      '--data',
      ptb,
      '--out',
      out,
      '--epochs',
      '1',
      '--units',
      '8',
      '--batch',
      '4',
      '--json',
      '--model',
      'seed',
      '--sampled-softmax',
      '5',
    ]);
    const res = oneJson(json);
    expect(res.config).toMatchObject({
      architecture: 'seed',
      regime: 'padded',
      steps: 30,
      sampledSoftmax: 5,
    });
    expect(res.metrics.testTargets).toBe(12);
  });

  it('eval on a file: perplexity over words and </s>; an OOV-only line is reported, not dropped', async () => {
    const file = join(root, 'eval.txt');
    writeFileSync(file, ' alice sees the dog \n zebra quokka \n bob runs \n');
    const r = await dl(['lm', 'eval', '--model', model, '--data', file, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const e = oneJson(r);
    expect(e.targets).toBe(5 + 3 + 3);
    expect(e.oovOnlyLines).toEqual([{ line: 2, text: 'zebra quokka' }]);
    expect(r.stderr).toContain(
      `warning: ${file}: 1 sentence(s) have no in-vocabulary word: line 2 ("zebra quokka")`,
    );
    const text = await dl(['lm', 'eval', '--model', model, '--data', file]);
    expect(text.stdout).toMatch(
      /^perplexity \d+\.\d\d {2}\(mean NLL \d\.\d{4} nats\) {2}accuracy 0\.\d{4} {2}on 11 tokens of 3 sentences, 2 out-of-vocabulary/,
    );
  });

  it('generate: seeded (same seed, same text), with temperature / top-k / top-p', async () => {
    const args = [
      'lm',
      'generate',
      model,
      '--count',
      '3',
      '--seed',
      '5',
      '--top-k',
      '8',
      '--top-p',
      '0.9',
      '--json',
    ];
    const a = await dl(args);
    expect(a.code, a.stderr).toBe(0);
    expect((await dl(args)).stdout).toBe(a.stdout);
    const lines = oneJson(a);
    expect(lines.map((l: { seed: number }) => l.seed)).toEqual([5, 6, 7]);
    expect(lines.map((l: { input: string }) => l.input)).toEqual(['seed 5', 'seed 6', 'seed 7']);
    for (const l of lines) expect(typeof l.text).toBe('string');
    const greedy = await dl(['lm', 'generate', model, '--prompt', 'alice', '--temperature', '0']);
    expect(greedy.stdout).toMatch(/^alice\b/);
  });

  it('score: total log-probability (nats) and per-token surprisal (bits)', async () => {
    const r = await dl(['lm', 'score', model, 'alice sees the dog', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = oneJson(r);
    expect(s.tokens).toEqual(['alice', 'sees', 'the', 'dog', '</s>']);
    const sum = s.perToken.reduce((a: number, t: { logProb: number }) => a + t.logProb, 0);
    expect(s.logProb).toBeCloseTo(sum, 9);
    expect(s.perToken[0].surprisal).toBeCloseTo(-s.perToken[0].logProb / Math.LN2, 9);
    // Three sentences, the middle one empty: one array, the error in place, the others scored.
    const three = await dl(['lm', 'score', model, 'alice sees the dog', ' ', 'bob runs', '--json']);
    expect(three.code).toBe(3);
    const scores = oneJson(three);
    expect(scores).toHaveLength(3);
    expect(scores[0].logProb).toBeCloseTo(s.logProb, 9);
    expect(scores[1]).toMatchObject({ input: ' ', error: { code: 'DATA_INVALID' } });
    expect(scores[2].tokens).toEqual(['bob', 'runs', '</s>']);
    const text = await dl(['lm', 'score', model, 'bob runs']);
    expect(text.stdout).toMatch(
      /^-\d+\.\d{3} nats {2}\d+\.\d\d bits {2}perplexity \d+\.\d\d {2}bob runs\n {2}bob:\d+\.\d runs:\d+\.\d <\/s>:\d+\.\d\n$/,
    );
  });

  it('bad input: missing split, empty file, non-UTF-8 file, missing data, unknown options', async () => {
    const partial = join(root, 'partial');
    mkdirSync(partial);
    writeFileSync(join(partial, 'ptb.train.txt'), line('a b'));
    writeFileSync(join(partial, 'ptb.test.txt'), line('a b'));
    const missing = await dl(['lm', 'train', '--data', partial, '--out', join(root, 'x')]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain(
      `dl: ${join(partial, 'ptb.valid.txt')}: ptb.valid.txt (the validation split) is missing: a Penn Treebank directory holds ptb.train.txt, ptb.valid.txt, ptb.test.txt; found ptb.test.txt, ptb.train.txt [FILE_NOT_FOUND]`,
    );
    const empty = join(root, 'empty.txt');
    writeFileSync(empty, '');
    const e = await dl(['lm', 'eval', '--model', model, '--data', empty]);
    expect(e.code).toBe(3);
    expect(e.stderr).toContain(
      `${empty}: the sentence file is empty (0 bytes); expected one sentence per line`,
    );
    const latin1 = join(root, 'latin1.txt');
    writeFileSync(latin1, Uint8Array.from([...Buffer.from(' the caf'), 0xe9, 0x0a]));
    const bad = await dl(['lm', 'score', model, '--file', latin1]);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(
      /latin1\.txt: the sentence file is not valid UTF-8 at byte offset 8 \(line 1: bytes 0xE9 0x0A\)/,
    );
    const none = await dl(['lm', 'train', '--out', join(root, 'y')]);
    expect(none.stderr).toContain('--data PTB_DIR or --synthetic is required');
    const flag = await dl(['lm', 'generate', model, '--top-p', '2']);
    expect(flag.stderr).toContain("--top-p must be a number in (0, 1], got '2'");
    const usage = await dl(['lm', 'frobnicate']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/unknown subcommand 'frobnicate'/);
    expect((await dl(['lm', '--help'])).stdout).toMatch(/dl lm train {4}--out DIR/);
  });
});

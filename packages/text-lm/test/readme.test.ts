import { fileURLToPath } from 'node:url';
import { initBackend } from '@dl/core';
import { runReadmeExample } from '@dl/vitest-config/readme';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultGrammar } from '../src/grammar';

const readme = fileURLToPath(new URL('../README.md', import.meta.url));
beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

describe('README example', () => {
  it('runs as pasted: synthesises a corpus, trains, reloads, predicts and generates', async () => {
    // Shrunk to 300 sentences and 2 epochs: this proves the example runs end to end (the model
    // directory it reloads must be complete), not how well it learns — learning.test.ts does.
    const { logs } = await runReadmeExample(readme, {
      replace: [
        ['train: 2000, validation: 200, test: 300', 'train: 300, validation: 40, test: 40'],
        ['epochs: 8', 'epochs: 2'],
      ],
    });
    expect(logs).toHaveLength(3);
    const [, model, truth] = /^perplexity (\S+), true (\S+)$/.exec(logs[0]) ?? [];
    // Better than guessing uniformly among the grammar's 44 words, not better than the truth.
    expect(Number(model)).toBeLessThan(44);
    expect(Number(model)).toBeGreaterThan(Number(truth) * 0.9);
    const [, word, p] = /^alice sees the (\S+) \(p (\S+)\)$/.exec(logs[1]) ?? [];
    const grammar = defaultGrammar();
    const words = new Set(grammar.states.flatMap((s) => s.emit.map((e) => e.word)));
    expect(words.has(word), word).toBe(true);
    expect(Number(p)).toBeGreaterThan(0);
    expect(Number(p)).toBeLessThanOrEqual(1);
    // Generated text is made of the grammar's words.
    for (const w of logs[2].split(' ')) expect(words.has(w), w).toBe(true);
  });
});

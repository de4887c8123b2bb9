import { fileURLToPath } from 'node:url';
import { runReadmeExample } from '@dl/vitest-config/readme';
import { describe, expect, it } from 'vitest';

const readme = fileURLToPath(new URL('../README.md', import.meta.url));

describe('README example', () => {
  it('runs as pasted (at test size): trains, saves, loads and predicts a label', async () => {
    const { logs } = await runReadmeExample(readme, {
      replace: [
        ['count: 1000', 'count: 300'],
        ['epochs: 6', 'epochs: 2, filters: 8, embeddingDim: 16'],
      ],
    });
    expect(logs).toHaveLength(2);
    // The run's message and a test accuracy; the checkpoint path proves it trained and saved.
    expect(logs[0]).toMatch(/^trained 2 epoch\(s\).*sentiment\.checkpoints.*; test accuracy /);
    const accuracy = Number(logs[0].split('test accuracy ')[1]);
    expect(accuracy).toBeGreaterThanOrEqual(0);
    expect(accuracy).toBeLessThanOrEqual(1);
    // "label probability n-grams": a label of the task with its probability.
    const [label, probability] = logs[1].split(' ');
    expect(['neg', 'pos']).toContain(label);
    expect(Number(probability)).toBeGreaterThanOrEqual(0.5);
  });
});

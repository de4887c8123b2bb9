import { fileURLToPath } from 'node:url';
import { runReadmeExample } from '@dl/vitest-config/readme';
import { describe, expect, it } from 'vitest';

const readme = fileURLToPath(new URL('../README.md', import.meta.url));

describe('README example', () => {
  it('runs as pasted: draws faces, trains, saves, reloads and recognises one', async () => {
    // Shrunk to 3 people × 6 photos, small inputs and 1 epoch: this proves the example runs end
    // to end (the model directory it reloads must be complete); learning.test.ts shows learning.
    const { logs } = await runReadmeExample(readme, {
      replace: [
        ['people: 8, imagesPerPerson: 30', 'people: 3, imagesPerPerson: 6'],
        [
          'epochs: 30, batchSize: 16',
          'epochs: 1, preprocessing: { size: [24, 24] }, filters: [4, 4, 4]',
        ],
      ],
    });
    expect(logs).toHaveLength(2);
    const accuracy = Number(/^accuracy on held-out photos (\d\.\d{3})$/.exec(logs[0])?.[1]);
    expect(accuracy).toBeGreaterThanOrEqual(0);
    expect(accuracy).toBeLessThanOrEqual(1);
    const [, truth, seen, probability] = /^(p\d\d) → (p\d\d) (\S+)$/.exec(logs[1]) ?? [];
    expect(truth).toBe('p01');
    expect(['p01', 'p02', 'p03']).toContain(seen);
    expect(Number(probability)).toBeGreaterThan(0);
    expect(Number(probability)).toBeLessThanOrEqual(1);
  });
});

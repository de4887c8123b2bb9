import { fileURLToPath } from 'node:url';
import { runReadmeExample } from '@dl/vitest-config/readme';
import { describe, expect, it } from 'vitest';
import { SYNTH_TRANSFER_DEFAULTS } from '../src/synth';

const readme = fileURLToPath(new URL('../README.md', import.meta.url));

describe('README example', () => {
  it('runs as pasted: synthesises shapes, trains on frozen features, reloads and predicts', async () => {
    // Shrunk to 8 images a class: this proves the example runs end to end (the model
    // directory it reloads must be complete), not how well it learns — learning.test.ts does.
    const { logs } = await runReadmeExample(readme, {
      replace: [['perClass: 20', 'perClass: 8']],
    });
    expect(logs).toHaveLength(2);
    const [, accuracy, ece] =
      /^held-out accuracy (\d\.\d{3}), ECE (\d\.\d{3})$/.exec(logs[0]) ?? [];
    expect(Number(accuracy)).toBeGreaterThanOrEqual(0);
    expect(Number(accuracy)).toBeLessThanOrEqual(1);
    expect(Number(ece)).toBeLessThanOrEqual(1);
    const [, truth, seen, p] = /^(\S+) → (\S+) \((\S+)\)$/.exec(logs[1]) ?? [];
    expect(SYNTH_TRANSFER_DEFAULTS.classes).toContain(truth);
    expect(SYNTH_TRANSFER_DEFAULTS.classes).toContain(seen);
    expect(Number(p)).toBeGreaterThan(0);
    expect(Number(p)).toBeLessThanOrEqual(1);
  }, 300_000);
});

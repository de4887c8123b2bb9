import { fileURLToPath } from 'node:url';
import { runReadmeExample } from '@dl/vitest-config/readme';
import { describe, expect, it } from 'vitest';
import { DIGIT_LABELS } from '../src/data';

const readme = fileURLToPath(new URL('../README.md', import.meta.url));

describe('README example', () => {
  it('runs as pasted: synthesises digits, trains, saves, reloads and recognises one', async () => {
    // Shrunk to 4 voices × 2 takes and 2 epochs: this proves the example runs end to end (the
    // model directory it reloads must be complete), not how well it learns — learning.test.ts
    // does that.
    const { logs } = await runReadmeExample(readme, {
      replace: [
        ['synthVoices(8), renditions: 5', 'synthVoices(4), renditions: 2'],
        ['epochs: 20', 'epochs: 2'],
      ],
    });
    expect(logs).toHaveLength(2);
    const accuracy = Number(/^accuracy on unseen voices (\d\.\d{3})$/.exec(logs[0])?.[1]);
    expect(accuracy).toBeGreaterThanOrEqual(0);
    expect(accuracy).toBeLessThanOrEqual(1);
    const [, said, heard, probability] = /^said (\S+), heard (\S+) (\S+)$/.exec(logs[1]) ?? [];
    expect(DIGIT_LABELS).toContain(said);
    expect(DIGIT_LABELS).toContain(heard);
    expect(Number(probability)).toBeGreaterThan(0);
    expect(Number(probability)).toBeLessThanOrEqual(1);
  });
});

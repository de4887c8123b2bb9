import { fileURLToPath } from 'node:url';
import { runReadmeExample } from '@dl/vitest-config/readme';
import { describe, expect, it } from 'vitest';

const readme = fileURLToPath(new URL('../README.md', import.meta.url));

describe('README example', () => {
  it('runs as pasted: trains the blob classifier, saves and reloads it', async () => {
    const { logs } = await runReadmeExample(readme);
    const accuracy = Number(/test accuracy ([\d.]+)/.exec(logs[0])?.[1]);
    // Two unit-variance blobs 2 apart: the Bayes rate is Φ(1) ≈ 0.84; 0.92 on this seed's draw.
    expect(accuracy).toBeGreaterThan(0.8);
    expect(logs[1]).toBe(['left', 'right'].join(','));
  });
});

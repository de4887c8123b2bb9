import { fileURLToPath } from 'node:url';
import { initBackend } from '@dl/core';
import { runReadmeExample } from '@dl/vitest-config/readme';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALNUM, LETTERS, PROVINCES } from '../src/synth/labels';
import { synthPlates } from '../src/synth/plate';

const readme = fileURLToPath(new URL('../README.md', import.meta.url));

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

describe('README example', () => {
  it('trains the three classifiers and reads plates, as pasted (at test size)', async () => {
    const { logs } = await runReadmeExample(readme, {
      replace: [
        [
          'epochs: 12, syntheticPerClass: 90',
          "epochs: 1, syntheticPerClass: 10, progress: 'silent'",
        ],
      ],
    });
    expect(logs).toHaveLength(6);
    ['province', 'letter', 'alnum'].forEach((kind, i) => {
      const [name, , , f1] = logs[i].split(' ');
      expect(name).toBe(kind);
      expect(Number(f1)).toBeGreaterThanOrEqual(0);
      expect(Number(f1)).toBeLessThanOrEqual(1);
    });
    // One epoch reads plates badly, but each reading must come from the three classifiers:
    // a province, a letter, then five digits or letters.
    const plates = synthPlates({ count: 3, seed: 7 });
    logs.slice(3).forEach((line, i) => {
      const m = /^(\S+) → (\S+) confidence (\d\.\d\d)$/u.exec(line);
      expect(m, line).not.toBeNull();
      const [, truth, read, confidence] = m!;
      expect(truth).toBe(plates[i].text);
      const chars = [...read];
      expect(chars).toHaveLength(7);
      expect(PROVINCES).toContain(chars[0]);
      expect(LETTERS).toContain(chars[1]);
      for (const c of chars.slice(2)) expect(ALNUM).toContain(c);
      expect(Number(confidence)).toBeGreaterThan(0);
    });
  }, 300_000);
});

import { fileURLToPath } from 'node:url';
import { runReadmeExample } from '@dl/vitest-config/readme';
import { describe, expect, it } from 'vitest';

const readme = fileURLToPath(new URL('../README.md', import.meta.url));

describe('README example', () => {
  it('runs as pasted: synthesises, trains, saves, reloads and reads an unseen captcha', async () => {
    // Shrunk to 120 captchas and 1 epoch: this proves the example runs end to end (the model
    // directory it reloads must be complete), not how well it learns — learning.test.ts does.
    const { logs } = await runReadmeExample(readme, {
      replace: [
        ['count: 2000', 'count: 120'],
        ['epochs: 30', 'epochs: 1'],
        // and report what the example left behind (it runs in a temporary folder)
        [
          'reader.dispose();',
          "reader.dispose();\nconsole.log(String((await import('node:fs')).existsSync('captcha-model/dl.json')));",
        ],
      ],
    });
    expect(logs).toHaveLength(3);
    const m = /^whole-captcha accuracy (\d\.\d{3}) \(95% CI (\d\.\d{3})–(\d\.\d{3})\)$/.exec(
      logs[0],
    );
    expect(m, logs[0]).not.toBeNull();
    const [accuracy, lo, hi] = m!.slice(1).map(Number);
    expect(lo).toBeLessThanOrEqual(accuracy);
    expect(hi).toBeGreaterThanOrEqual(accuracy);
    const [, wrote, read] = /^wrote (\S+), read (\S*)$/.exec(logs[1]) ?? [];
    expect(wrote).toMatch(/^[2345678bcdefgmnpwxy]{5}$/);
    // a 1-epoch reader may read little, but only symbols of the charset
    expect(read).toMatch(/^[2345678bcdefgmnpwxy]{0,32}$/);
    expect(logs[2]).toBe('true');
  }, 900_000);
});

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dist = (f: string) => fileURLToPath(new URL(`../dist/${f}`, import.meta.url));

// The published builds, loaded by plain Node as users load them (the root test command builds
// first). Each starts the threaded wasm backend, takes one conv filter gradient (a corner tap of
// a 3×3 'same' conv over 5×5 ones sees 4×4 inputs: 16), and exits by itself.
const probe = `
  const b = await dl.initBackend({ threads: 2 });
  const { tf } = dl;
  const g = tf.grad((w) => tf.conv2d(tf.ones([1, 5, 5, 1]), w, 1, 'same').sum())(tf.ones([3, 3, 1, 2]));
  console.log(JSON.stringify({ id: b.id, threads: b.threads, g: Array.from(g.dataSync()).slice(0, 2) }));
`;

describe('built package', () => {
  it('loads as ESM', async () => {
    const code = `import * as dl from ${JSON.stringify(dist('index.js'))}; ${probe}`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', code]);
    expect(JSON.parse(stdout)).toEqual({ id: 'wasm', threads: 2, g: [16, 16] });
  });

  it('loads as CommonJS', async () => {
    const code = `const dl = require(${JSON.stringify(dist('index.cjs'))}); (async () => { ${probe} })();`;
    const { stdout } = await run(process.execPath, ['-e', code]);
    expect(JSON.parse(stdout)).toEqual({ id: 'wasm', threads: 2, g: [16, 16] });
  });
});

import { readFileSync } from 'node:fs';
import { initBackend } from '@dl/core';
import { it } from 'vitest';
import { crossValidateTransfer } from '../src/cv';

it('probe', async () => {
  await initBackend({ threads: 1 });
  const { nodes, out } = JSON.parse(readFileSync('/tmp/tp/feats.json', 'utf8'));
  const labels = Int32Array.from(out, (o: { label: string }) => (o.label === 'cats' ? 0 : 1));
  console.log(
    'n',
    out.length,
    'dogs',
    labels.reduce((a, b) => a + b, 0),
  );
  const combos: [string, number[]][] = [
    ['extern1 mean', [0]],
    ['extern1 max', [1]],
    ['extern1 mean+max', [0, 1]],
    ['mul_1 mean', [2]],
    ['conv14 mean', [4]],
    ['head relu2 mean', [6]],
    ['keypoints max', [9]],
    ['keypoints mean+max', [8, 9]],
    ['extern1 mean + keypoints max', [0, 9]],
    ['extern1 mean+max + keypoints max', [0, 1, 9]],
  ];
  for (const [name, parts] of combos) {
    const dim = parts.reduce((a, p) => a + out[0].f[p].length, 0);
    const data = new Float32Array(out.length * dim);
    out.forEach((o: { f: number[][] }, i: number) => {
      let at = i * dim;
      for (const p of parts) {
        data.set(o.f[p], at);
        at += o.f[p].length;
      }
    });
    for (const architecture of ['default', 'mlp'] as const) {
      const cv = await crossValidateTransfer({ data, dim }, labels, ['cats', 'dogs'], {
        architecture,
        folds: 5,
      });
      console.log(
        `RESULT ${name} ${architecture} dim ${dim}: acc ${cv.mean.accuracy.toFixed(4)} ± ${cv.std.accuracy.toFixed(4)} ece ${cv.mean.ece.toFixed(4)}`,
      );
    }
  }
  console.log(nodes);
}, 1_800_000);

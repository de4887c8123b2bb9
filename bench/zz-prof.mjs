import { initBackend, tf } from '@dl/core';
import { buildPlateModel } from '@dl/vision-plate';

await initBackend({ env: {}, threads: Number(process.env.T ?? 2) });
const m = buildPlateModel({ classes: 31 });
const B = 32;
const x = tf.randomUniform([B, 20, 20, 1]);
const y = tf.oneHot(tf.randomUniform([B], 0, 31, 'int32'), 31);
for (let i = 0; i < 3; i++) await m.trainOnBatch(x, y);
const t0 = performance.now();
for (let i = 0; i < 10; i++) await m.trainOnBatch(x, y);
console.log('step ms', ((performance.now() - t0) / 10).toFixed(1));
const prof = await tf.profile(async () => {
  await m.trainOnBatch(x, y);
});
const agg = {};
let tot = 0;
for (const k of prof.kernels) {
  agg[k.name] = (agg[k.name] ?? 0) + k.kernelTimeMs;
  tot += k.kernelTimeMs;
}
console.log(
  'kernels',
  tot.toFixed(1),
  Object.entries(agg)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([k, v]) => `${k}:${v.toFixed(1)}`)
    .join(' '),
);
for (const k of prof.kernels)
  if (k.kernelTimeMs > 1)
    console.log(k.name, k.kernelTimeMs.toFixed(2), JSON.stringify(k.inputShapes));

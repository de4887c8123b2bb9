import { initBackend } from '@dl/core';
import { trainPlateClassifier } from '@dl/vision-plate';

console.log('init', await initBackend({ env: {} }));
const t0 = performance.now();
const r = await trainPlateClassifier({
  kind: process.argv[2] ?? 'province',
  outDir: '/tmp/plate-x',
  epochs: Number(process.argv[3] ?? 8),
  syntheticPerClass: 100,
  progress: 'plain',
});
console.log(r.metrics, ((performance.now() - t0) / 1000).toFixed(1), 's', r.message);

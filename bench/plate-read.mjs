// ms per plate read (segmentation + the three classifiers) in a fresh process. The models are
// trained for one short epoch: reading speed does not depend on how well they read.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { initBackend } from '@dl/core';
import { loadPlateReader, segmentPlate, synthPlates, trainPlateClassifier } from '@dl/vision-plate';

const { values } = parseArgs({
  options: { threads: { type: 'string', default: '1' }, plates: { type: 'string', default: '60' } },
});
const choice = await initBackend({ threads: Number(values.threads) });
const dir = mkdtempSync(join(tmpdir(), 'dl-bench-read-'));
for (const kind of ['province', 'letter', 'alnum']) {
  await trainPlateClassifier({
    kind,
    outDir: join(dir, kind),
    epochs: 1,
    syntheticPerClass: 10,
    progress: 'silent',
  });
}
const reader = await loadPlateReader(dir);
const plates = synthPlates({ count: Number(values.plates), seed: 99 });
for (const p of plates.slice(0, 5)) await reader.read(p.image);
let t0 = performance.now();
for (const p of plates) await reader.read(p.image);
const readMs = (performance.now() - t0) / plates.length;
t0 = performance.now();
for (const p of plates) segmentPlate(p.image);
const segmentMs = (performance.now() - t0) / plates.length;
reader.dispose();
rmSync(dir, { recursive: true, force: true });
process.stdout.write(
  `${JSON.stringify({ backend: choice.id, threads: choice.threads, read_ms_per_plate: readMs, segment_ms_per_plate: segmentMs })}\n`,
);

import { initBackend } from '@dl/core';
import { describeOutputRefusal } from '@dl/vitest-config/output-refusal';
import { beforeAll } from 'vitest';
import { trainPlate } from '../src/train';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

// trainPlate renders its own glyphs, so "before any work" is checked by time (see the helper).
describeOutputRefusal('trainPlate', (outDir) => ({
  run: trainPlate({ kind: 'letter', outDir, epochs: 1, syntheticPerClass: 10, progress: 'silent' }),
}));

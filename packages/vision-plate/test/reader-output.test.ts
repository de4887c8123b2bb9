import { initBackend } from '@dl/core';
import { describeOutputRefusal, watchField } from '@dl/vitest-config/output-refusal';
import { beforeAll } from 'vitest';
import { trainPlateReader } from '../src/ctc-reader/train';
import { synthPlateCrops } from '../src/synth/realistic-plate';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

const crops = synthPlateCrops({ count: 4, seed: 1 }).map((c, i) => ({ ...c, file: `${i}.png` }));

// The real crops are watched: the trainer must refuse the output before it reads them.
describeOutputRefusal('trainPlateReader', (outDir) => {
  const options = watchField(
    {
      outDir,
      crops,
      epochs: 1,
      syntheticPerEpoch: 4,
      validationPlates: 2,
      architecture: 'small' as const,
      progress: 'silent' as const,
    },
    'crops',
  );
  return { run: trainPlateReader(options.data), dataRead: options.touched };
});

import { initBackend } from '@dl/core';
import { describeOutputRefusal, watchField } from '@dl/vitest-config/output-refusal';
import { beforeAll } from 'vitest';
import { synthLmCorpus } from '../src/grammar';
import { trainLm } from '../src/train';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

describeOutputRefusal('trainLm', (outDir) => {
  const corpus = synthLmCorpus({ train: 30, validation: 5, test: 5, seed: 1 });
  const { data, touched } = watchField(corpus, 'train');
  const run = trainLm({ data, outDir, epochs: 1, units: 8, embeddingDim: 8, progress: 'silent' });
  return { run, dataRead: touched };
});

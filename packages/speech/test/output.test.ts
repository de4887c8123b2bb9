import { initBackend } from '@dl/core';
import { describeOutputRefusal, watchField } from '@dl/vitest-config/output-refusal';
import { beforeAll } from 'vitest';
import { trainSpeech } from '../src/train';
import { tones } from './helpers/tones';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

describeOutputRefusal('trainSpeech', (outDir) => {
  const { data, touched } = watchField(tones(), 'clips');
  const split = { mode: 'speaker' as const, testSpeakers: ['c'] };
  const run = trainSpeech({ data, split, outDir, epochs: 1, batchSize: 8, progress: 'silent' });
  return { run, dataRead: touched };
});

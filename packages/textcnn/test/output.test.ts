import { initBackend } from '@dl/core';
import { describeOutputRefusal, watchField } from '@dl/vitest-config/output-refusal';
import { beforeAll } from 'vitest';
import { synthTextCnnSentiment } from '../src/synth';
import { trainTextCnn } from '../src/train';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

// Both trainer branches: the CNN (with checkpoints) and the TF-IDF baseline (a single fit).
describeOutputRefusal('trainTextCnn (CNN)', (outDir) => {
  const { data, touched } = watchField(synthTextCnnSentiment({ count: 40, seed: 1 }), 'texts');
  const options = { data, outDir, epochs: 1, maxLen: 12, filters: 2, progress: 'silent' as const };
  return { run: trainTextCnn({ architecture: 'default', ...options }), dataRead: touched };
});

describeOutputRefusal('trainTextCnn (TF-IDF)', (outDir) => {
  const { data, touched } = watchField(synthTextCnnSentiment({ count: 40, seed: 1 }), 'texts');
  return { run: trainTextCnn({ architecture: 'tfidf', data, outDir }), dataRead: touched };
});

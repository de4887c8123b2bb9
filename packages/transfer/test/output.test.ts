import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@dl/core';
import { describeOutputRefusal, watchField } from '@dl/vitest-config/output-refusal';
import { beforeAll } from 'vitest';
import type { BackboneSpec } from '../src/backbones/spec';
import type { TransferDataset } from '../src/data';
import { synthTransferDataset } from '../src/synth';
import { trainTransfer } from '../src/train';
import { tinyBackbone } from './helpers/tiny-backbone';

let data: TransferDataset;
let backbone: BackboneSpec;

beforeAll(async () => {
  await initBackend({ threads: 1 });
  const root = await mkdtemp(join(tmpdir(), 'dl-transfer-output-'));
  data = await synthTransferDataset({ outDir: join(root, 'set'), perClass: 5, size: 16 });
  backbone = (await tinyBackbone()).spec;
});

describeOutputRefusal('trainTransfer', (outDir) => {
  const watched = watchField(data, 'images');
  const run = trainTransfer({
    outDir,
    data: watched.data,
    backbone,
    epochs: 1,
    progress: 'silent',
  });
  return { run, dataRead: watched.touched };
});

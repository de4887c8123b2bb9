import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, loadModelDir } from '@dl/core';
import { beforeAll, expect, it } from 'vitest';
import type { BackboneSpec } from '../src/backbones/spec';
import type { TransferDataset } from '../src/data';
import { synthTransferDataset } from '../src/synth';
import { trainTransfer } from '../src/train';
import { tinyBackbone } from './helpers/tiny-backbone';

let data: TransferDataset;
let backbone: BackboneSpec;
let root: string;

beforeAll(async () => {
  await initBackend({ threads: 1 });
  root = await mkdtemp(join(tmpdir(), 'dl-transfer-resume-'));
  data = await synthTransferDataset({ outDir: join(root, 'set'), perClass: 12, size: 16 });
  backbone = (await tinyBackbone()).spec;
});

it('resume continues an interrupted run from its checkpoint, with its history', async () => {
  const common = { data, backbone, architecture: 'seed', progress: 'silent', seed: 3 } as const;
  const whole = await trainTransfer({ ...common, outDir: join(root, 'whole'), epochs: 6 });
  const outDir = join(root, 'part');
  const first = await trainTransfer({ ...common, outDir, epochs: 3 });
  // the first three epochs are the same run as the uninterrupted one's
  expect(first.history.loss).toEqual(whole.history.loss.slice(0, 3));
  const resumed = await trainTransfer({ ...common, outDir, epochs: 6, resume: true });
  expect(resumed.message).toMatch(/resumed after epoch 3/);
  expect(resumed.history.loss).toHaveLength(6);
  expect(resumed.history.loss.slice(0, 3)).toEqual(first.history.loss);
  // the resumed epochs start from the checkpoint, not from scratch: their loss goes on falling
  expect(resumed.history.loss[5]).toBeLessThan(first.history.loss[0]);
  const { model, meta } = await loadModelDir(outDir);
  expect(meta.extra?.architecture).toBe('seed');
  model.dispose();
  // a checkpoint of other options is refused, naming what differs
  await expect(
    trainTransfer({ ...common, outDir, epochs: 8, resume: true, learningRate: 0.5 }),
  ).rejects.toThrow(/learningRate|training/);
});

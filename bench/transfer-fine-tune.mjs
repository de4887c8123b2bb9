// node bench/transfer-fine-tune.mjs --data $DL_REAL_DATA/cats-dogs/train — @dl/transfer: the
// frozen head vs the fine-tuned top of a layers backbone on ONE stratified split (seed 1, 20%
// test; extraction is slow here, so no cross-validation). One trainTransfer run gives both:
// the head is trained on the frozen features first (result.fineTune.frozen), then the top from
// --from and the head together (result.metrics). Prints one JSON line; progress on stderr.
// Run with DL_THREADS=1 nice -n 10 on a shared machine. The model goes to .tmp (git-ignored).
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { initBackend } from '../packages/core/dist/index.js';
import { loadTransferDataset, trainTransfer } from '../packages/transfer/dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    backbone: { type: 'string', default: 'nsfw-mobilenet-v2' },
    from: { type: 'string', default: 'block_16_expand' },
    views: { type: 'string', default: '3' },
    epochs: { type: 'string', default: '20' },
    patience: { type: 'string', default: '4' },
    lr: { type: 'string', default: '1e-4' },
    out: { type: 'string', default: join(here, '..', '.tmp', 'transfer-fine-tune-model') },
  },
});
if (!values.data) throw new Error('--data DIR (a folder per class) is required');
await initBackend({ prefer: 'wasm', threads: Number(process.env.DL_THREADS ?? 1) });
const data = await loadTransferDataset(values.data);
const t = performance.now();
const r = await trainTransfer({
  outDir: values.out,
  data,
  backbone: values.backbone,
  test: 0.2,
  seed: 1,
  progress: 'plain',
  fineTune: {
    from: values.from,
    learningRate: Number(values.lr),
    epochs: Number(values.epochs),
    patience: Number(values.patience),
    views: Number(values.views),
  },
});
const seconds = (performance.now() - t) / 1000;
const summary = {
  backbone: values.backbone,
  from: values.from,
  views: Number(values.views),
  lr: Number(values.lr),
  split: r.split,
  frozen: r.fineTune.frozen,
  fineTuned: r.metrics,
  improved: r.fineTune.improved,
  layers: r.fineTune.layers,
  examples: r.fineTune.examples,
  fineTuneEpochs: r.history.loss?.length,
  valLoss: r.history.val_loss,
  stopReason: r.stopReason,
  message: r.message,
  seconds: Math.round(seconds),
  env: `${cpus()[0]?.model}, Node ${process.version}, load ${loadavg()[0].toFixed(1)}`,
};
process.stdout.write(`${JSON.stringify(summary)}\n`);

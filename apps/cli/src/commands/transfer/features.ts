import { resolve } from 'node:path';
import { defineCommand } from '../../framework/spec';
import { startBackend } from '../shared';
import { BACKBONE_FLAGS, backboneOf, CACHE, CLASS_FOLDERS, FROM } from './flags';

export const transferFeatures = defineCommand({
  name: 'features',
  summary: 'compute a backbone’s features of a labelled image folder into a cache',
  description:
    'Fills --cache ahead of training (train, eval and cross-validation then read it instead of running the backbone); an interrupted run keeps what it computed and continues.',
  flags: {
    data: { ...CLASS_FOLDERS, required: true },
    cache: { ...CACHE, required: true },
    ...BACKBONE_FLAGS,
    'batch-size': { type: 'int', min: 1, default: 8, help: 'images per backbone forward pass' },
    from: FROM,
  },
  async run(ctx) {
    const { flags } = ctx;
    await startBackend();
    const transfer = await import('@dl/transfer');
    const spec = backboneOf(transfer, flags) ?? 'centernet';
    const data = await transfer.loadTransferDataset(flags.data);
    const backbone = await transfer.loadBackbone(spec, { from: flags.from });
    try {
      const cacheDir = resolve(flags.cache);
      const f = await transfer.computeFeatures(
        backbone,
        data.images.map((i) => i.path),
        {
          cacheDir,
          batchSize: flags['batch-size'],
          flip: flags['flip-features'],
          progress: ctx.progress,
          progressOut: ctx.progressOut,
        },
      );
      const summary = {
        backbone: backbone.spec.name,
        cacheDir,
        images: f.count,
        dim: f.dim,
        fromCache: f.fromCache,
        computed: f.computed,
        key: f.key,
      };
      ctx.result(
        summary,
        () =>
          `${f.count} images × ${f.dim} features of ${backbone.spec.name}: ${f.computed} computed, ${f.fromCache} from the cache in ${cacheDir}`,
      );
    } finally {
      backbone.dispose();
    }
  },
});

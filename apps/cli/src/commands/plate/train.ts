import { resolve } from 'node:path';
import { defineCommand } from '../../framework/spec';
import {
  architectureFlag,
  deprecatedSwitch,
  loadCore,
  OUT_FLAG,
  preflightOutput,
  RESUME_FLAG,
  resolveArchitecture,
  SEED_FLAG,
  startBackend,
} from '../shared';
import { KINDS, MAPPING_FLAG } from './flags';

export const plateTrain = defineCommand({
  name: 'train',
  summary: 'train one plate-character classifier (province, letter or alnum)',
  description:
    'Without --data, trains on synthetic font-rendered glyphs. MODELS for `dl plate read` holds province/, letter/ and alnum/: train each with --out MODELS/<kind>.',
  flags: {
    kind: {
      type: 'enum',
      values: KINDS,
      required: true,
      help: 'which of the three glyph sets to learn',
    },
    out: OUT_FLAG,
    data: {
      type: 'path',
      mustExist: true,
      placeholder: 'DIR',
      help: 'a folder of class folders of glyph images (folders of other kinds are skipped)',
    },
    mapping: MAPPING_FLAG,
    architecture: architectureFlag(
      ['seed', 'default'],
      'default: three BatchNorm conv blocks, global average pooling, cosine learning-rate decay; seed: the original model of SEEDS.md §1',
    ),
    'seed-model': deprecatedSwitch('--architecture seed'),
    epochs: {
      type: 'int',
      min: 1,
      defaultText: '20 (30 with --architecture seed)',
      help: 'passes over the training data',
    },
    lr: {
      type: 'number',
      min: 0,
      minExclusive: true,
      defaultText: '3e-3 (1e-4 with --architecture seed)',
      help: 'Adam’s (initial) learning rate',
    },
    seed: SEED_FLAG,
    'synthetic-per-class': {
      type: 'int',
      min: 1,
      default: 150,
      help: 'synthetic glyphs per class (without --data)',
    },
    'mix-synthetic': {
      type: 'int',
      min: 0,
      default: 0,
      placeholder: 'N',
      help: 'with --data: add N synthetic glyphs of every class to the training part (rare classes get examples)',
    },
    resume: RESUME_FLAG,
  },
  examples: ['dl plate train --kind letter --out models/letter --epochs 5'],
  async run(ctx) {
    const { flags } = ctx;
    const architecture = resolveArchitecture(
      flags.architecture,
      { flag: '--seed-model', means: flags['seed-model'] ? 'seed' : undefined },
      ctx.warn,
    );
    const outDir = resolve(flags.out);
    await preflightOutput(outDir, flags.resume);
    const backend = await startBackend();
    const { loadPlateDataset, trainPlate } = await import('@dl/vision-plate');
    const data = flags.data
      ? await loadPlateDataset(flags.data, { kind: flags.kind, mappingFile: flags.mapping })
      : undefined;
    if (data?.skipped.length) {
      ctx.note(`skipping class folders of other kinds: ${data.skipped.join(' ')}`);
    }
    try {
      const r = await trainPlate({
        kind: flags.kind,
        data,
        outDir,
        architecture,
        epochs: flags.epochs,
        learningRate: flags.lr,
        seed: flags.seed,
        syntheticPerClass: flags['synthetic-per-class'],
        mixSynthetic: flags['mix-synthetic'],
        resume: flags.resume,
        progress: ctx.progress,
        progressOut: ctx.progressOut,
      });
      const { formatClassificationReport } = await loadCore();
      const { artifactDir, metrics, history, stopReason, message } = r;
      ctx.result(
        { backend: backend.id, artifactDir, metrics, history, stopReason, message },
        () =>
          `${message}\n\nheld-out test split (${metrics.testSamples} glyphs):\n${formatClassificationReport(r.report)}\nmacro-F1 ${metrics.macroF1.toFixed(4)} — model saved in ${artifactDir}`,
      );
    } finally {
      data?.x.dispose();
    }
  },
});

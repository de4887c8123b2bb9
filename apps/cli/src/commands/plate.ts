import { resolve } from 'node:path';
import { formatClassificationReport, initBackend, readDlMeta } from '@dl/core';
import {
  evaluatePlateClassifier,
  type GlyphKind,
  loadPlateDataset,
  loadPlateReader,
  trainPlateClassifier,
  writeSyntheticGlyphSet,
  writeSyntheticPlates,
} from '@dl/vision-plate';
import { defineCommand, defineGroup } from '../framework/spec';
import { MODEL_DIR_FLAG, OUT_FLAG, preflightOutput, RESUME_FLAG, SEED_FLAG } from './shared';

const KINDS = ['province', 'letter', 'alnum'] as const satisfies readonly GlyphKind[];
const PLATE_TASKS = KINDS.map((k) => `plate-${k}`);

const MAPPING_FLAG = {
  type: 'path',
  mustExist: true,
  placeholder: 'FILE',
  help: 'a folder-name → label mapping (for data sets whose class folders are codes, e.g. EasyOCR’s)',
} as const;

const train = defineCommand({
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
    'seed-model': {
      type: 'boolean',
      help: 'the original architecture of SEEDS.md instead of the default',
    },
    epochs: {
      type: 'int',
      min: 1,
      defaultText: '20 (30 with --seed-model)',
      help: 'passes over the training data',
    },
    seed: SEED_FLAG,
    'synthetic-per-class': {
      type: 'int',
      min: 1,
      default: 150,
      help: 'synthetic glyphs per class (without --data)',
    },
    resume: RESUME_FLAG,
  },
  examples: ['dl plate train --kind letter --out models/letter --epochs 5'],
  async run(ctx) {
    const { flags } = ctx;
    const outDir = resolve(flags.out);
    await preflightOutput(outDir, flags.resume);
    const backend = await initBackend();
    const data = flags.data
      ? await loadPlateDataset(flags.data, { kind: flags.kind, mappingFile: flags.mapping })
      : undefined;
    if (data?.skipped.length) {
      ctx.note(`skipping class folders of other kinds: ${data.skipped.join(' ')}`);
    }
    try {
      const r = await trainPlateClassifier({
        kind: flags.kind,
        data,
        outDir,
        seedModel: flags['seed-model'],
        epochs: flags.epochs,
        seed: flags.seed,
        syntheticPerClass: flags['synthetic-per-class'],
        resume: flags.resume,
        progress: ctx.progress,
        progressOut: ctx.progressOut,
      });
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

const evaluate = defineCommand({
  name: 'eval',
  summary: 'evaluate a trained classifier on a labelled glyph folder',
  flags: {
    model: MODEL_DIR_FLAG,
    data: {
      type: 'path',
      required: true,
      mustExist: true,
      placeholder: 'DIR',
      help: 'class folders of glyph images',
    },
    mapping: MAPPING_FLAG,
  },
  async run(ctx) {
    const { flags } = ctx;
    await initBackend();
    // The model says which kind it is; a model of another task is named as such.
    const meta = await readDlMeta(flags.model, PLATE_TASKS);
    const kind = meta.task.replace(/^plate-/, '') as GlyphKind;
    const data = await loadPlateDataset(flags.data, { kind, mappingFile: flags.mapping });
    try {
      const report = await evaluatePlateClassifier(flags.model, data);
      ctx.result(
        report,
        () =>
          `${formatClassificationReport(report)}\nmacro-F1 ${report.macroAvg.f1.toFixed(4)} on ${report.support} glyphs`,
      );
    } finally {
      data.x.dispose();
    }
  },
});

const read = defineCommand({
  name: 'read',
  summary: 'read whole plates: segment the seven characters and classify each',
  positionals: [
    {
      name: 'MODELS',
      required: true,
      help: 'a folder holding province/, letter/ and alnum/ models',
    },
    { name: 'IMAGE', required: true, variadic: true, help: 'plate images (PNG, JPEG, PNM)' },
  ],
  multiInput: true,
  async run(ctx) {
    await initBackend();
    const reader = await loadPlateReader(ctx.args.MODELS);
    try {
      await ctx.eachInput(
        ctx.args.IMAGE,
        (path) => path,
        async (path) => {
          const r = await reader.read(path);
          const chars = r.characters.map((c) => `${c.label}:${c.probability.toFixed(2)}`);
          return { data: { file: path, ...r }, text: `${path}\t${r.text}\t${chars.join(' ')}` };
        },
      );
    } finally {
      reader.dispose();
    }
  },
});

const synth = defineCommand({
  name: 'synth',
  summary: 'write synthetic plates (PNG + labels.tsv) or class folders of synthetic glyphs',
  flags: {
    out: { ...OUT_FLAG, help: 'the folder to write' },
    kind: {
      type: 'enum',
      values: [...KINDS, 'plates'],
      default: 'plates',
      help: 'whole plates, or glyphs of one kind',
    },
    'per-class': { type: 'int', min: 1, default: 50, help: 'glyphs per class (glyph kinds)' },
    count: { type: 'int', min: 1, default: 20, help: 'plates to write (--kind plates)' },
    seed: { ...SEED_FLAG, default: 1 },
  },
  async run(ctx) {
    const { flags } = ctx;
    const dir = resolve(flags.out);
    if (flags.kind === 'plates') {
      const r = await writeSyntheticPlates(dir, { count: flags.count, seed: flags.seed });
      ctx.result(
        { dir, kind: flags.kind, ...r },
        () => `wrote ${r.files} plates and labels.tsv to ${dir}`,
      );
      return;
    }
    const kind = flags.kind;
    const r = await writeSyntheticGlyphSet(dir, {
      kind,
      perClass: flags['per-class'],
      seed: flags.seed,
    });
    ctx.result(
      { dir, kind, ...r },
      () => `wrote ${r.files} ${kind} glyphs in ${r.classes} class folders to ${dir}`,
    );
  },
});

export const plateCommand = defineGroup({
  name: 'plate',
  summary: 'plate characters: train | eval | read | synth',
  description:
    'Chinese licence plates: three glyph classifiers (province, letter, alnum) and a reader that segments a plate into its seven characters.',
  commands: [train, evaluate, read, synth],
});

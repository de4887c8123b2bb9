import { resolve } from 'node:path';
import { DlError, formatClassificationReport, initBackend, readDlMeta } from '@dl/core';
import {
  evaluatePlateClassifier,
  type GlyphKind,
  loadPlateDataset,
  loadPlateReader,
  trainPlateClassifier,
  writeSyntheticGlyphSet,
  writeSyntheticPlates,
} from '@dl/vision-plate';
import { type Command, parseCommandArgs, positiveInt } from '../command';

const KINDS: GlyphKind[] = ['province', 'letter', 'alnum'];

function kindOf(value: string | undefined): GlyphKind {
  if (!value || !KINDS.includes(value as GlyphKind)) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `--kind must be one of ${KINDS.join(', ')}, got '${value ?? ''}'`,
    );
  }
  return value as GlyphKind;
}

function required(name: string, value: string | undefined): string {
  if (!value) throw new DlError('INVALID_ARGUMENT', `--${name} is required`);
  return value;
}

const out = (s: string) => process.stdout.write(s);

const USAGE = `usage:
  dl plate train --kind province|letter|alnum --out DIR [--data DIR] [--mapping FILE]
                 [--seed-model] [--epochs N] [--seed N] [--synthetic-per-class N] [--resume]
                 [--json]
  dl plate eval  --model DIR --data DIR [--mapping FILE] [--json]
  dl plate read  MODELS plate.png [more.png …] [--json]
  dl plate synth --out DIR [--kind province|letter|alnum|plates] [--per-class N] [--count N] [--seed N]

Without --data, train uses synthetic font-rendered glyphs. MODELS holds province/, letter/
and alnum/ (train each with --out MODELS/<kind>). --resume continues an interrupted train
from DIR.checkpoints/last (saved after every epoch) with the same data and options; --epochs
may be raised.
`;

async function train(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs('plate train', argv, {
    kind: { type: 'string' },
    data: { type: 'string' },
    mapping: { type: 'string' },
    out: { type: 'string' },
    'seed-model': { type: 'boolean' },
    epochs: { type: 'string' },
    seed: { type: 'string' },
    'synthetic-per-class': { type: 'string' },
    resume: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  const kind = kindOf(values.kind);
  const outDir = resolve(required('out', values.out));
  const backend = await initBackend();
  const data = values.data
    ? await loadPlateDataset(values.data, { kind, mappingFile: values.mapping })
    : undefined;
  if (data && !values.json && data.skipped.length) {
    out(`skipping class folders of other kinds: ${data.skipped.join(' ')}\n`);
  }
  const r = await trainPlateClassifier({
    kind,
    data,
    outDir,
    seedModel: values['seed-model'],
    epochs: values.epochs ? positiveInt('epochs', values.epochs, 1) : undefined,
    seed: values.seed ? positiveInt('seed', values.seed, 1) : undefined,
    syntheticPerClass: positiveInt('synthetic-per-class', values['synthetic-per-class'], 150),
    resume: values.resume,
    progress: values.json ? 'silent' : 'auto',
  });
  data?.x.dispose();
  if (values.json) {
    out(
      `${JSON.stringify({ backend: backend.id, artifactDir: r.artifactDir, metrics: r.metrics, history: r.history, stopReason: r.stopReason, message: r.message })}\n`,
    );
  } else {
    out(`${r.message}\n\nheld-out test split (${r.metrics.testSamples} glyphs):\n`);
    out(`${formatClassificationReport(r.report)}\n`);
    out(`macro-F1 ${r.metrics.macroF1.toFixed(4)} — model saved in ${r.artifactDir}\n`);
  }
  return 0;
}

async function evaluate(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs('plate eval', argv, {
    model: { type: 'string' },
    data: { type: 'string' },
    mapping: { type: 'string' },
    json: { type: 'boolean' },
  });
  const modelDir = required('model', values.model);
  await initBackend();
  const meta = await readDlMeta(modelDir);
  const kind = kindOf(meta.task.replace(/^plate-/, ''));
  const data = await loadPlateDataset(required('data', values.data), {
    kind,
    mappingFile: values.mapping,
  });
  const report = await evaluatePlateClassifier(modelDir, data);
  data.x.dispose();
  if (values.json) out(`${JSON.stringify(report)}\n`);
  else
    out(
      `${formatClassificationReport(report)}\nmacro-F1 ${report.macroAvg.f1.toFixed(4)} on ${report.support} glyphs\n`,
    );
  return 0;
}

async function read(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('plate read', argv, {
    json: { type: 'boolean' },
  });
  const [models, ...images] = positionals;
  if (!models || images.length === 0)
    throw new DlError('INVALID_ARGUMENT', 'dl plate read needs MODELS and at least one image');
  await initBackend();
  const reader = await loadPlateReader(models);
  try {
    for (const path of images) {
      const r = await reader.read(path);
      if (values.json) out(`${JSON.stringify({ file: path, ...r })}\n`);
      else
        out(
          `${path}\t${r.text}\t${r.characters.map((c) => `${c.label}:${c.probability.toFixed(2)}`).join(' ')}\n`,
        );
    }
  } finally {
    reader.dispose();
  }
  return 0;
}

async function synth(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs('plate synth', argv, {
    out: { type: 'string' },
    kind: { type: 'string' },
    'per-class': { type: 'string' },
    count: { type: 'string' },
    seed: { type: 'string' },
  });
  const dir = resolve(required('out', values.out));
  const seed = positiveInt('seed', values.seed, 1);
  if ((values.kind ?? 'plates') === 'plates') {
    const r = await writeSyntheticPlates(dir, {
      count: positiveInt('count', values.count, 20),
      seed,
    });
    out(`wrote ${r.files} plates and labels.tsv to ${dir}\n`);
  } else {
    const kind = kindOf(values.kind);
    const r = await writeSyntheticGlyphSet(dir, {
      kind,
      perClass: positiveInt('per-class', values['per-class'], 50),
      seed,
    });
    out(`wrote ${r.files} ${kind} glyphs in ${r.classes} class folders to ${dir}\n`);
  }
  return 0;
}

const SUB: Record<string, (argv: string[]) => Promise<number>> = {
  train,
  eval: evaluate,
  read,
  synth,
};

export const plateCommand: Command = {
  summary: 'plate characters: train | eval | read | synth',
  async run(argv) {
    const [sub, ...rest] = argv;
    if (!sub || sub === '--help' || sub === '-h' || !SUB[sub]) {
      (sub && sub !== '--help' && sub !== '-h' ? process.stderr : process.stdout).write(
        `${sub && !SUB[sub] && sub !== '--help' && sub !== '-h' ? `dl plate: unknown subcommand '${sub}'\n\n` : ''}${USAGE}`,
      );
      return sub && (sub === '--help' || sub === '-h') ? 0 : 2;
    }
    return SUB[sub](rest);
  },
};

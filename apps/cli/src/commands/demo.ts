import { resolve } from 'node:path';
import type { GlyphKind } from '@dl/vision-plate';
import { defineCommand } from '../framework/spec';
import { doctorText } from './doctor';
import { loadCore, startBackend } from './shared';

const KINDS: GlyphKind[] = ['province', 'letter', 'alnum'];

interface Scores {
  macroF1: number;
  accuracy: number;
  testSamples: number;
  seconds: number;
}

function demoText(results: Record<string, Scores>, reads: PlateRead[], outDir: string): string {
  const exact = reads.filter((r) => r.truth === r.read).length / reads.length;
  return [
    ...Object.entries(results).map(
      ([kind, r]) =>
        `${kind}: held-out macro-F1 ${r.macroF1.toFixed(4)}, accuracy ${r.accuracy.toFixed(4)} (${r.testSamples} glyphs, ${r.seconds.toFixed(0)} s)`,
    ),
    '',
    'synthetic plates never seen in training:',
    'truth     read      confidence',
    ...reads.map(
      (r) => `${r.truth}  ${r.read}  ${r.confidence.toFixed(3)}${r.read === r.truth ? '' : '  ✗'}`,
    ),
    `exact plate matches: ${(exact * 100).toFixed(0)}% — models in ${outDir}`,
  ].join('\n');
}

interface PlateRead {
  truth: string;
  read: string;
  confidence: number;
}

export const demoCommand = defineCommand({
  name: 'demo',
  summary: 'doctor, then train the three plate classifiers on synthetic glyphs and read plates',
  description:
    'Trains the province, letter and alnum classifiers on font-rendered glyphs into OUT/<kind>, then reads synthetic plates none of them saw. Progress goes to stderr; the scores to stdout.',
  flags: {
    out: {
      type: 'path',
      short: 'o',
      default: '.dl-demo',
      placeholder: 'DIR',
      help: 'where the three models go',
    },
    epochs: { type: 'int', min: 1, default: 12, help: 'epochs per classifier' },
    'per-class': { type: 'int', min: 1, default: 120, help: 'synthetic glyphs per class' },
    plates: { type: 'int', min: 1, default: 10, help: 'synthetic plates to read at the end' },
  },
  async run(ctx) {
    const outDir = resolve(ctx.flags.out);
    const backend = await startBackend();
    const { environmentReport } = await loadCore();
    const { loadPlateReader, synthPlates, trainPlate } = await import('@dl/vision-plate');
    if (ctx.output === 'text') ctx.note(doctorText(await environmentReport(backend), backend));
    const results: Record<string, Scores> = {};
    for (const kind of KINDS) {
      ctx.note(
        `\n== training the ${kind} classifier on ${ctx.flags['per-class']} synthetic glyphs per class (${backend.id}, ${backend.threads} thread(s))`,
      );
      const t0 = performance.now();
      const r = await trainPlate({
        kind,
        outDir: resolve(outDir, kind),
        epochs: ctx.flags.epochs,
        syntheticPerClass: ctx.flags['per-class'],
        progress: ctx.progress,
        progressOut: ctx.progressOut,
      });
      const { macroF1, accuracy, testSamples } = r.metrics;
      results[kind] = { macroF1, accuracy, testSamples, seconds: (performance.now() - t0) / 1000 };
    }
    const reader = await loadPlateReader(outDir);
    const reads: PlateRead[] = [];
    try {
      for (const plate of synthPlates({ count: ctx.flags.plates, seed: 2024 })) {
        const r = await reader.read(plate.image);
        reads.push({ truth: plate.text, read: r.text, confidence: r.confidence });
      }
    } finally {
      reader.dispose();
    }
    const exactMatch = reads.filter((r) => r.truth === r.read).length / reads.length;
    ctx.result({ backend, classifiers: results, plates: reads, exactMatch }, () =>
      demoText(results, reads, outDir),
    );
  },
});

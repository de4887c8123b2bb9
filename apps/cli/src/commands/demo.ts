import { resolve } from 'node:path';
import { initBackend } from '@dl/core';
import {
  type GlyphKind,
  loadPlateReader,
  synthPlates,
  trainPlateClassifier,
} from '@dl/vision-plate';
import { type Command, parseCommandArgs, positiveInt } from '../command';
import { doctorCommand } from './doctor';

const KINDS: GlyphKind[] = ['province', 'letter', 'alnum'];

export const demoCommand: Command = {
  summary: 'doctor, then train the three plate classifiers on synthetic glyphs and read plates',
  async run(argv) {
    const { values } = parseCommandArgs('demo', argv, {
      out: { type: 'string' },
      epochs: { type: 'string' },
      'per-class': { type: 'string' },
      plates: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    });
    if (values.help) {
      process.stdout.write(
        'usage: dl demo [--out DIR] [--epochs N] [--per-class N] [--plates N] [--json]\n',
      );
      return 0;
    }
    const json = Boolean(values.json);
    const say = (s: string) => {
      if (!json) process.stdout.write(s);
    };
    const outDir = resolve(values.out ?? '.dl-demo');
    const epochs = positiveInt('epochs', values.epochs, 12);
    const perClass = positiveInt('per-class', values['per-class'], 120);
    if (!json) await doctorCommand.run([]);
    const backend = await initBackend();
    const results: Record<string, { macroF1: number; accuracy: number; seconds: number }> = {};
    for (const kind of KINDS) {
      say(
        `\n== training the ${kind} classifier on ${perClass} synthetic glyphs per class (${backend.id}, ${backend.threads} thread(s))\n`,
      );
      const t0 = performance.now();
      const r = await trainPlateClassifier({
        kind,
        outDir: resolve(outDir, kind),
        epochs,
        syntheticPerClass: perClass,
        progress: json ? 'silent' : 'auto',
      });
      results[kind] = {
        macroF1: r.metrics.macroF1,
        accuracy: r.metrics.accuracy,
        seconds: (performance.now() - t0) / 1000,
      };
      say(
        `${kind}: held-out macro-F1 ${r.metrics.macroF1.toFixed(4)}, accuracy ${r.metrics.accuracy.toFixed(4)} (${r.metrics.testSamples} glyphs, ${results[kind].seconds.toFixed(0)} s)\n`,
      );
    }

    const reader = await loadPlateReader(outDir);
    const plates = synthPlates({ count: positiveInt('plates', values.plates, 10), seed: 2024 });
    say('\n== reading synthetic plates never seen in training\ntruth     read      confidence\n');
    const reads = [];
    for (const plate of plates) {
      const r = await reader.read(plate.image);
      reads.push({ truth: plate.text, read: r.text, confidence: r.confidence });
      say(
        `${plate.text}  ${r.text}  ${r.confidence.toFixed(3)}${r.text === plate.text ? '' : '  ✗'}\n`,
      );
    }
    reader.dispose();
    const exact = reads.filter((r) => r.truth === r.read).length / reads.length;
    if (json)
      process.stdout.write(
        `${JSON.stringify({ backend, classifiers: results, plates: reads, exactMatch: exact })}\n`,
      );
    else say(`exact plate matches: ${(exact * 100).toFixed(0)}% — models in ${outDir}\n`);
    return 0;
  },
};

import { DlError, type RankedPrediction } from '@dl/core';
import type { GlyphKind } from './synth/labels';

/**
 * What training and prediction share: the task names written to dl.json, the glyph format a
 * model reads, and the result types. Prediction imports this file, never the trainer.
 */

/** Side of the glyph images, as in the seed (20×20 grayscale). */
export const GLYPH_SIZE = 20;

/** Glyphs are 20×20 grayscale, pixels scaled to 0–1. */
export const PLATE_GLYPH_SHAPE = [GLYPH_SIZE, GLYPH_SIZE, 1] as const;

/** The three character classifiers, in plate order. */
export const PLATE_KINDS: readonly GlyphKind[] = ['province', 'letter', 'alnum'];

/** The models `trainPlate` can build: the original of SEEDS.md §1, or our default. */
export type PlateArchitecture = 'seed' | 'default';

export const PLATE_ARCHITECTURES: readonly PlateArchitecture[] = ['seed', 'default'];

const TASK_PREFIX = 'plate-';

/**
 * The dl.json task name of a kind's classifier ('plate-letter').
 * @internal
 */
export const plateTaskOf = (kind: GlyphKind): string => `${TASK_PREFIX}${kind}`;

/**
 * The kind a dl.json task name stands for, or undefined when it is no plate task.
 * @internal
 */
export function plateKindOfTask(task: string): GlyphKind | undefined {
  const kind = task.slice(TASK_PREFIX.length) as GlyphKind;
  return task.startsWith(TASK_PREFIX) && PLATE_KINDS.includes(kind) ? kind : undefined;
}

/**
 * Refuses a kind that is none of the three, naming what was given.
 * @internal
 */
export function checkPlateKind(kind: unknown): GlyphKind {
  if (!PLATE_KINDS.includes(kind as GlyphKind)) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `kind must be one of ${PLATE_KINDS.join(', ')}; got ${JSON.stringify(kind)}`,
    );
  }
  return kind as GlyphKind;
}

/** How glyphs are fed to a plate model; saved in dl.json and re-applied at prediction. */
export const PLATE_PREPROCESSING = {
  size: [GLYPH_SIZE, GLYPH_SIZE],
  channels: 1,
  normalise: 'scale 0–1',
  polarity: 'white character on black',
} as const;

/** The best label, its probability and the k most probable labels, best first. */
export type GlyphPrediction = RankedPrediction;

/** Held-out scores of a trained classifier (per-class detail is in the ClassificationReport). */
export type PlateMetrics = {
  accuracy: number;
  macroF1: number;
  weightedF1: number;
  /** Glyphs in the held-out test split. */
  testSamples: number;
};

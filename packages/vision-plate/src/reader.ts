import { join } from 'node:path';
import { type DecodedImage, DlError, isDlError, readImage } from '@dl/core';
import { loadPlatePredictor, type PlatePredictor } from './predict';
import { type PlateSegmentation, segmentPlate } from './segment';
import type { GlyphKind } from './synth/labels';
import { type GlyphPrediction, PLATE_KINDS } from './task';

/** Which classifier reads each of the seven positions. */
export const PLATE_POSITIONS: readonly GlyphKind[] = [
  'province',
  'letter',
  'alnum',
  'alnum',
  'alnum',
  'alnum',
  'alnum',
];

export interface PlateCharacter extends GlyphPrediction {
  position: number;
  box: { x: number; y: number; width: number; height: number };
}

export interface PlateReading {
  /** The seven characters, e.g. '京A12345'. */
  text: string;
  characters: PlateCharacter[];
  /** The least confident character's probability: one doubtful character makes a doubtful plate. */
  confidence: number;
}

/** One input of `readBatch`: its reading, or the DlError that stopped it (unreadable, unsegmentable). */
export type PlateReadOutcome = { ok: true; reading: PlateReading } | { ok: false; error: DlError };

export interface PlateReader {
  /** Reads a cropped plate image (a path, or a decoded image). */
  read(image: string | DecodedImage): Promise<PlateReading>;
  /**
   * Reads several plates, classifying their characters in one batch per model. A plate that
   * cannot be read or segmented gets its error in place; the others are still read.
   */
  readBatch(images: readonly (string | DecodedImage)[]): Promise<PlateReadOutcome[]>;
  dispose(): void;
}

/**
 * Loads a plate reader from a directory holding the three classifiers as `province/`,
 * `letter/` and `alnum/` model directories (what `dl plate train --out DIR/<kind>` writes).
 * Each must be of its kind: a letter model in province/ is rejected by name.
 */
export async function loadPlateReader(dir: string): Promise<PlateReader> {
  const predictors = await loadPredictors(dir);
  const readMany = (plates: PlateSegmentation[]) => readSegmented(plates, predictors);
  return {
    async read(input) {
      return readMany([segmentPlate(await decode(input))])[0];
    },
    async readBatch(inputs) {
      const segmented: (PlateSegmentation | DlError)[] = [];
      for (const input of inputs)
        segmented.push(await settle(async () => segmentPlate(await decode(input))));
      const readings = readMany(segmented.filter((s): s is PlateSegmentation => !isDlError(s)));
      return segmented.map((s) =>
        isDlError(s) ? { ok: false, error: s } : { ok: true, reading: readings.shift()! },
      );
    },
    dispose() {
      for (const p of predictors.values()) p.dispose();
    },
  };
}

async function loadPredictors(dir: string): Promise<Map<GlyphKind, PlatePredictor>> {
  const predictors = new Map<GlyphKind, PlatePredictor>();
  try {
    for (const kind of PLATE_KINDS) {
      try {
        predictors.set(kind, await loadPlatePredictor(join(dir, kind), { kind }));
      } catch (e) {
        if (!isDlError(e)) throw e;
        const positions = positionsOf(kind)
          .map((p) => p + 1)
          .join(', ');
        throw new DlError(
          e.code,
          `${kind}/ must hold the ${kind} classifier (plate position ${positions}): ${e.message}`,
          { path: dir, cause: e },
        );
      }
    }
  } catch (e) {
    for (const p of predictors.values()) p.dispose();
    throw e;
  }
  return predictors;
}

const positionsOf = (kind: GlyphKind) => PLATE_POSITIONS.flatMap((k, i) => (k === kind ? [i] : []));

const decode = async (input: string | DecodedImage) =>
  typeof input === 'string' ? await readImage(input) : input;

/** The value, or the DlError it threw (anything else is a bug and propagates). */
async function settle<T>(work: () => Promise<T>): Promise<T | DlError> {
  try {
    return await work();
  } catch (e) {
    if (isDlError(e)) return e;
    throw e;
  }
}

/** Classifies every plate's glyphs, one predictBatch per kind over all plates. */
function readSegmented(
  plates: PlateSegmentation[],
  predictors: Map<GlyphKind, PlatePredictor>,
): PlateReading[] {
  const characters: PlateCharacter[][] = plates.map(() => []);
  for (const kind of PLATE_KINDS) {
    const positions = positionsOf(kind);
    const glyphs = plates.flatMap((plate) => positions.map((p) => plate.glyphs[p]));
    if (glyphs.length === 0) continue;
    const predictions = predictors.get(kind)!.predictBatch(glyphs);
    plates.forEach((plate, i) => {
      positions.forEach((p, j) => {
        const prediction = predictions[i * positions.length + j];
        characters[i][p] = { ...prediction, position: p + 1, box: plate.boxes[p] };
      });
    });
  }
  return characters.map((chars) => ({
    text: chars.map((c) => c.label).join(''),
    characters: chars,
    confidence: Math.min(...chars.map((c) => c.probability)),
  }));
}

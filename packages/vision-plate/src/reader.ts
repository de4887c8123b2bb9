import { join } from 'node:path';
import { type DecodedImage, DlError, isDlError, readImage } from '@dl/core';
import { type GlyphPrediction, loadPlateClassifier, type PlateClassifier } from './predict';
import { segmentPlate } from './segment';
import type { GlyphKind } from './synth/labels';

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

export interface PlateReader {
  /** Reads a cropped plate image (a path, or a decoded image). */
  read(image: string | DecodedImage): Promise<PlateReading>;
  dispose(): void;
}

/**
 * Loads a plate reader from a directory holding the three classifiers as `province/`,
 * `letter/` and `alnum/` model directories (what `dl plate train --out DIR/<kind>` writes).
 * Each must be of its kind: a letter model in province/ is rejected by name.
 */
export async function loadPlateReader(dir: string): Promise<PlateReader> {
  const classifiers = new Map<GlyphKind, PlateClassifier>();
  try {
    for (const kind of ['province', 'letter', 'alnum'] as const) {
      try {
        classifiers.set(kind, await loadPlateClassifier(join(dir, kind), { kind }));
      } catch (e) {
        if (!isDlError(e)) throw e;
        const positions = PLATE_POSITIONS.flatMap((k, i) => (k === kind ? [i + 1] : [])).join(', ');
        throw new DlError(
          e.code,
          `${kind}/ must hold the ${kind} classifier (plate position ${positions}): ${e.message}`,
          {
            path: dir,
            cause: e,
          },
        );
      }
    }
  } catch (e) {
    for (const c of classifiers.values()) c.dispose();
    throw e;
  }
  return {
    async read(input) {
      const image = typeof input === 'string' ? await readImage(input) : input;
      const { glyphs, boxes } = segmentPlate(image);
      const characters: PlateCharacter[] = [];
      for (const kind of ['province', 'letter', 'alnum'] as const) {
        const positions = PLATE_POSITIONS.flatMap((k, i) => (k === kind ? [i] : []));
        const predictions = classifiers.get(kind)!.classify(positions.map((p) => glyphs[p]));
        positions.forEach((p, j) => {
          characters[p] = { ...predictions[j], position: p + 1, box: boxes[p] };
        });
      }
      return {
        text: characters.map((c) => c.label).join(''),
        characters,
        confidence: Math.min(...characters.map((c) => c.probability)),
      };
    },
    dispose() {
      for (const c of classifiers.values()) c.dispose();
    },
  };
}

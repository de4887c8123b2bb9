import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type DecodedImage, DlError, isDlError, readDlMeta, readImage } from '@dl/core';
import type { PlateDecodeOptions } from './ctc-reader/decode';
import { loadCtcPlateReader } from './ctc-reader/predict';
import { PLATE_READER_TASK } from './ctc-reader/task';
import { loadPlatePredictor, type PlatePredictor } from './predict';
import type { PlateCharacter, PlateReader, PlateReading } from './reading';
import { type PlateSegmentation, segmentPlate } from './segment';
import type { GlyphKind } from './synth/labels';
import { PLATE_KINDS } from './task';

export type {
  PlateCharacter,
  PlateReader,
  PlateReaderMethod,
  PlateReading,
  PlateReadOutcome,
} from './reading';

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

export interface LoadPlateReaderOptions extends PlateDecodeOptions {
  /**
   * 'auto' (default): by what the directory holds — a whole-plate reader (dl.json of task
   * 'plate-reader', what trainPlateReader writes) is read with CTC; a folder of the three
   * classifiers (`province/`, `letter/`, `alnum/`) by segmentation. 'ctc' or 'segment' insist
   * on one and say what is missing. The decoding options apply to the CTC reader.
   */
  method?: 'auto' | 'ctc' | 'segment';
}

/** Which reader a directory holds, or undefined when it holds neither. */
async function methodOf(dir: string): Promise<'ctc' | 'segment' | undefined> {
  if (existsSync(join(dir, 'dl.json'))) {
    const meta = await readDlMeta(dir);
    return meta.task === PLATE_READER_TASK ? 'ctc' : undefined;
  }
  return PLATE_KINDS.some((k) => existsSync(join(dir, k))) ? 'segment' : undefined;
}

/**
 * Loads a plate reader from a directory: a whole-plate CTC reader (what trainPlateReader
 * writes), or the three character classifiers as `province/`, `letter/` and `alnum/` model
 * directories (what `dl plate train --out DIR/<kind>` writes), read by segmentation. Each
 * classifier must be of its kind: a letter model in province/ is rejected by name.
 */
export async function loadPlateReader(
  dir: string,
  options: LoadPlateReaderOptions = {},
): Promise<PlateReader> {
  const method = options.method ?? 'auto';
  if (method !== 'auto' && method !== 'ctc' && method !== 'segment') {
    throw new DlError(
      'INVALID_ARGUMENT',
      `method must be 'auto', 'ctc' or 'segment'; got ${JSON.stringify(method)}`,
    );
  }
  const found = method === 'auto' ? await methodOf(dir) : method;
  if (found === 'ctc') return loadCtcPlateReader(dir, options);
  if (found === 'segment') return loadSegmentingReader(dir);
  throw new DlError(
    existsSync(dir) ? 'MODEL_INVALID' : 'FILE_NOT_FOUND',
    `expected a plate reader: a whole-plate model directory (dl.json of task '${PLATE_READER_TASK}', from trainPlateReader) or a folder holding province/, letter/ and alnum/ classifiers`,
    { path: dir },
  );
}

/**
 * Runs `use` with a reader: `reader` itself, or one loaded from a directory for the call and
 * disposed after it (also when `use` throws).
 * @internal
 */
export async function withPlateReader<T>(
  reader: string | PlateReader,
  options: LoadPlateReaderOptions,
  use: (r: PlateReader) => Promise<T>,
): Promise<T> {
  if (typeof reader !== 'string') return use(reader);
  const owned = await loadPlateReader(reader, options);
  try {
    return await use(owned);
  } finally {
    owned.dispose();
  }
}

async function loadSegmentingReader(dir: string): Promise<PlateReader> {
  const predictors = await loadPredictors(dir);
  const readMany = (plates: PlateSegmentation[]) => readSegmented(plates, predictors);
  return {
    method: 'segment',
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
    // Seven characters, each from its position's label set: always a valid plate text.
    valid: true,
  }));
}

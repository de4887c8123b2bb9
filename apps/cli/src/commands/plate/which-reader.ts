import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { READER_SUBDIR } from './flags';

/**
 * The directory `loadPlateReader` should read for MODELS: its reader/ when that holds a model
 * (a whole-plate CTC reader trained with --out MODELS/reader) and segmentation was not asked
 * for, else MODELS itself (a reader directory, or the three classifiers).
 */
export function readerDir(models: string, method: 'auto' | 'ctc' | 'segment'): string {
  const sub = join(models, READER_SUBDIR);
  return method !== 'segment' && existsSync(join(sub, 'dl.json')) ? sub : models;
}

import type { DecodedImage, DlError } from '@dl/core';
import type { GlyphPrediction } from './task';

/** One character of a reading, where it was read, and how sure the reader is of it. */
export interface PlateCharacter extends GlyphPrediction {
  /** Position in the plate, from 1. */
  position: number;
  /** Where it was read, in the crop's pixels (the CTC reader: its span, full height). */
  box: { x: number; y: number; width: number; height: number };
}

export interface PlateReading {
  /** The characters, e.g. '京A12345' (eight on a green new-energy plate). */
  text: string;
  characters: PlateCharacter[];
  /** The least confident character's probability: one doubtful character makes a doubtful plate. */
  confidence: number;
  /**
   * Whether `text` is a valid plate (a province, a letter, five or six digits/letters). The
   * segmenting reader always reads seven characters; the CTC reader may read fewer or more
   * on a crop that is no plate, and says so here.
   */
  valid: boolean;
}

/** One input of `readBatch`: its reading, or the DlError that stopped it (unreadable, unsegmentable). */
export type PlateReadOutcome = { ok: true; reading: PlateReading } | { ok: false; error: DlError };

/** How a reader reads: the whole-plate CTC model, or segmentation and three classifiers. */
export type PlateReaderMethod = 'ctc' | 'segment';

export interface PlateReader {
  /** Which reader this is. */
  method: PlateReaderMethod;
  /** Reads a cropped plate image (a path, or a decoded image). */
  read(image: string | DecodedImage): Promise<PlateReading>;
  /**
   * Reads several plates in one batch per model. A plate that cannot be read (an unreadable
   * file, or a crop the segmenting reader cannot segment) gets its error in place; the others
   * are still read.
   */
  readBatch(images: readonly (string | DecodedImage)[]): Promise<PlateReadOutcome[]>;
  dispose(): void;
}

import { DlError } from '@dl/core';
import { ALNUM, LETTERS, PROVINCES } from '../synth/labels';

/**
 * What the whole-plate (CTC) reader's training and prediction share: its dl.json task name,
 * the symbol set, the input it reads, and the plate-text rules. Prediction imports this file,
 * never the trainer.
 */

/** The dl.json task of a whole-plate reader. */
export const PLATE_READER_TASK = 'plate-reader';

/**
 * The reader's symbols in output order: the 31 provinces, then digits and the 24 letters.
 * The CTC blank is one more output, last.
 */
export const PLATE_READER_SYMBOLS: readonly string[] = [...PROVINCES, ...ALNUM];

/** The reader's input: an RGB plate crop resized to 94 × 24 (LPRNet's size; the real crops'). */
export interface PlateReaderInput {
  height: number;
  width: number;
  channels: 3;
}

export const PLATE_READER_INPUT: PlateReaderInput = { height: 24, width: 94, channels: 3 };

/** How a crop becomes the reader's input; saved in dl.json and re-applied at prediction. */
export const PLATE_READER_PREPROCESSING = {
  resize: 'bilinear (area-averaged when shrinking) to the input size, aspect not kept',
  channels: 'RGB',
  normalise: 'scale 0–1',
} as const;

/** The models `trainPlateReader` builds: LPRNet-like 'default', or the lighter 'small'. */
export type PlateReaderArchitecture = 'default' | 'small';

export const PLATE_READER_ARCHITECTURES: readonly PlateReaderArchitecture[] = ['default', 'small'];

/** Time steps the reader emits for an input width: two 2× poolings along the width. */
export const readerSteps = (width: number): number => Math.ceil(Math.ceil(width / 2) / 2);

/**
 * Whether a text is a mainland plate the reader can emit: a province, a letter, then five
 * digits/letters (blue, yellow: 7 characters) or six (green new-energy plates: 8).
 */
export function isPlateText(text: string): boolean {
  const chars = [...text];
  return (
    (chars.length === 7 || chars.length === 8) &&
    PROVINCES.includes(chars[0]) &&
    LETTERS.includes(chars[1]) &&
    chars.slice(2).every((c) => ALNUM.includes(c))
  );
}

/** The energy-type letters of new-energy plates (GA 36: D, F at first, since 2022 A–K without I). */
const ENERGY_LETTERS = [...'ABCDEFGHJK'];
const DIGITS = [...'0123456789'];

/**
 * Whether a plate text follows the national formats, not just the alphabet: 7 characters
 * (blue, yellow), or 8 of a new-energy plate — an energy letter (A–K) third and four digits
 * last (small vehicles, '粤BD12345'), or five digits then an energy letter (large ones,
 * '粤B12345D'). Readings are held to it: a blue plate read with an extra character (an 8-
 * character path such as '皖A820273') is no plate, and decoding looks for one that is.
 */
export function isStandardPlateText(text: string): boolean {
  if (!isPlateText(text)) return false;
  const chars = [...text];
  if (chars.length === 7) return true;
  const small =
    ENERGY_LETTERS.includes(chars[2]) && chars.slice(4).every((c) => DIGITS.includes(c));
  const large =
    chars.slice(2, 7).every((c) => DIGITS.includes(c)) && ENERGY_LETTERS.includes(chars[7]);
  return small || large;
}

/** A plate text without separators ('皖A·12345' → '皖A12345'), checked; throws DlError. */
export function normalisePlateText(text: string, source?: string): string {
  const plain = text.replace(/[·.•\s-]/g, '');
  if (!isPlateText(plain)) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `plate text must be a province character, a letter (no I/O) and five or six digits or letters, e.g. '京A12345' or '粤BD12345'; got ${JSON.stringify(text)}`,
      source ? { path: source } : undefined,
    );
  }
  return plain;
}

/** Symbol indices of a (normalised) plate text. */
export const encodePlateText = (text: string): number[] =>
  [...text].map((c) => PLATE_READER_SYMBOLS.indexOf(c));

/** One read character with its CTC confidence and where in the crop it was read. */
export interface PlateReaderCharacter {
  label: string;
  /** The character's probability: the peak, over its frames, of its class's softmax. */
  probability: number;
  /** The most probable symbols at that peak, best first. */
  top: { label: string; probability: number }[];
  /** Position in the plate, from 1. */
  position: number;
  /** The horizontal span of its frames, in crop pixels (the full crop height). */
  box: { x: number; y: number; width: number; height: number };
}

/** Scores of a reader on labelled crops (see evaluatePlateReader). */
export interface PlateReaderMetrics {
  /** Plates read exactly. */
  exact: number;
  /** 95% Wilson interval of `exact`. */
  exactInterval: [number, number];
  /** Characters right at their position, over the true characters (a length mismatch counts its misses). */
  characterAccuracy: number;
  /** Character error rate: edit distance over true characters. */
  cer: number;
  /** Plates whose reading is not a valid plate text (wrong length or a symbol out of place). */
  invalid: number;
  plates: number;
}

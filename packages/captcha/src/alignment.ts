import { evenSpans, frameLabels } from '@dl/core';
import type { CaptchaInput } from './task';

/**
 * Where the text is: the first and last column (in input pixels, end exclusive) whose ink
 * reaches a quarter of the inkiest column's. A pixel's ink is its distance from its column's
 * median level, so gradient backgrounds, dark-on-light and light-on-dark text all work, and
 * thin noise lines and dots stay below the threshold. Null for an image without ink.
 */
export function inkSpan(x: Float32Array, input: CaptchaInput): [number, number] | null {
  const { height: H, width: W, channels: C } = input;
  const columns = new Float32Array(W);
  const column = new Float32Array(H);
  for (let c = 0; c < W; c++) {
    for (let y = 0; y < H; y++) {
      let s = 0;
      for (let k = 0; k < C; k++) s += x[(y * W + c) * C + k];
      column[y] = s / C;
    }
    const median = Float32Array.from(column).sort()[H >> 1];
    for (let y = 0; y < H; y++) columns[c] += Math.abs(column[y] - median);
  }
  const max = Math.max(...columns);
  if (!(max > 0)) return null;
  let start = 0;
  while (columns[start] < max / 4) start++;
  let end = W;
  while (columns[end - 1] < max / 4) end--;
  return [start, end];
}

/**
 * Pseudo frame labels for the guided-alignment warm-up of the CTC reader: the text's ink span
 * split evenly among its characters. Rough (glyph widths differ), but enough to lead the reader
 * off CTC's all-blank plateau, after which CTC alone refines the alignment. Null when the
 * image has no ink.
 */
export function pseudoFrames(
  x: Float32Array,
  input: CaptchaInput,
  symbols: readonly number[],
  steps: number,
  blank: number,
): number[] | null {
  const span = inkSpan(x, input);
  if (!span || symbols.length === 0) return null;
  return frameLabels(
    evenSpans(span[0], span[1], symbols.length),
    symbols,
    steps,
    input.width,
    blank,
  );
}

import type { Rng } from '../../src/random';

/** A damaged copy of a file and what was done to it (for failure messages). */
export interface Mutant {
  what: string;
  bytes: Uint8Array;
}

/** Values that break size arithmetic: zero, one, all ones, sign bit, 16-bit maximum. */
const EXTREMES = [0, 1, 0xffffffff, 0x7fffffff, 0x80000000, 0xffff];

/** Flips `1..8` random bits, anywhere in the first `region` bytes (default: the whole file). */
export function flipBits(bytes: Uint8Array, rng: Rng, region = bytes.length): Mutant {
  const out = bytes.slice();
  const flips = 1 + rng.int(8);
  const at: number[] = [];
  for (let i = 0; i < flips; i++) {
    const byte = rng.int(Math.max(1, Math.min(region, out.length)));
    out[byte] ^= 1 << rng.int(8);
    at.push(byte);
  }
  return { what: `bit flips at bytes ${at.join(',')}`, bytes: out };
}

/** Cuts the file at a random length (possibly 0). */
export function truncate(bytes: Uint8Array, rng: Rng): Mutant {
  const length = rng.int(bytes.length);
  return { what: `truncated to ${length} bytes`, bytes: bytes.slice(0, length) };
}

/**
 * Overwrites a 1-, 2- or 4-byte field at one of `offsets` (header fields: sizes, rates,
 * lengths) with an extreme value, little- or big-endian.
 */
export function overwriteField(bytes: Uint8Array, rng: Rng, offsets: readonly number[]): Mutant {
  const out = bytes.slice();
  const at = offsets[rng.int(offsets.length)];
  const width = [1, 2, 4][rng.int(3)];
  const value = EXTREMES[rng.int(EXTREMES.length)];
  const little = rng.int(2) === 0;
  for (let i = 0; i < width && at + i < out.length; i++) {
    const shift = 8 * (little ? i : width - 1 - i);
    out[at + i] = Math.floor(value / 2 ** shift) & 0xff;
  }
  const order = little ? 'LE' : 'BE';
  return { what: `${width}-byte ${order} field at ${at} = 0x${value.toString(16)}`, bytes: out };
}

/** Where an image header stores its width and height. */
export interface SizeFields {
  width: number;
  height: number;
  bytes: 2 | 4;
  little: boolean;
}

/** Sizes that a codec would try to allocate (hundreds of MB to GB), unlike 2^32 − 1. */
const BIG_SIZES = [8000, 30000, 46341, 65535];

/** Sets width and height together to large sizes: the classic decompression bomb. */
export function overwriteSize(bytes: Uint8Array, rng: Rng, at: SizeFields): Mutant {
  const out = bytes.slice();
  const view = new DataView(out.buffer);
  const size = () => BIG_SIZES[rng.int(BIG_SIZES.length)];
  const [w, h] = [size(), size()];
  for (const [offset, value] of [
    [at.width, w],
    [at.height, h],
  ]) {
    if (at.bytes === 2) view.setUint16(offset, value, at.little);
    else view.setUint32(offset, value, at.little);
  }
  return { what: `size set to ${w}×${h}`, bytes: out };
}

/** For PGM/PPM, whose sizes are text: replaces the width and height tokens. */
export function overwritePnmSize(bytes: Uint8Array, rng: Rng): Mutant {
  const text = new TextDecoder('latin1').decode(bytes);
  const [w, h] = [0, 0].map(() => [...BIG_SIZES, 1 << 20][rng.int(BIG_SIZES.length + 1)]);
  const replaced = text.replace(/^(P\d\s+)\d+(\s+)\d+/, `$1${w}$2${h}`);
  const out = Uint8Array.from(replaced, (c) => c.charCodeAt(0));
  return { what: `size set to ${w}×${h}`, bytes: out };
}

/** Inserts a copy of `[start, end)` right after it (a repeated chunk or record). */
export function duplicate(bytes: Uint8Array, start: number, end: number): Mutant {
  const out = new Uint8Array(bytes.length + end - start);
  out.set(bytes.subarray(0, end));
  out.set(bytes.subarray(start, end), end);
  out.set(bytes.subarray(end), 2 * end - start);
  return { what: `bytes ${start}..${end} duplicated`, bytes: out };
}

/** Duplicates one of `spans` (chunk boundaries), or a random slice when there are none. */
export function duplicateChunk(
  bytes: Uint8Array,
  rng: Rng,
  spans: readonly (readonly [number, number])[],
): Mutant {
  if (spans.length > 0) return duplicate(bytes, ...spans[rng.int(spans.length)]);
  const start = rng.int(bytes.length);
  return duplicate(bytes, start, start + rng.int(bytes.length - start + 1));
}

/** Inserts 1..64 random bytes at a random position. */
export function insertGarbage(bytes: Uint8Array, rng: Rng): Mutant {
  const at = rng.int(bytes.length + 1);
  const garbage = Uint8Array.from({ length: 1 + rng.int(64) }, () => rng.int(256));
  const out = new Uint8Array(bytes.length + garbage.length);
  out.set(bytes.subarray(0, at));
  out.set(garbage, at);
  out.set(bytes.subarray(at), at + garbage.length);
  return { what: `${garbage.length} random bytes inserted at ${at}`, bytes: out };
}

/** [start, end) of each chunk of a length-prefixed chunk list (PNG: BE, 12-byte frame; RIFF: LE, 8). */
export function chunkSpans(bytes: Uint8Array, format: 'png' | 'riff'): [number, number][] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const spans: [number, number][] = [];
  const png = format === 'png';
  for (let at = png ? 8 : 12; at + 8 <= bytes.length; ) {
    const length = png ? view.getUint32(at) : view.getUint32(at + 4, true);
    const end = at + (png ? 12 : 8) + length + (png ? 0 : length & 1);
    if (end > bytes.length) break;
    spans.push([at, end]);
    at = end;
  }
  return spans;
}

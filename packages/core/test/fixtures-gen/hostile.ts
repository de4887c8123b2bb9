import { deflateSync } from 'node:zlib';
import { expect } from 'vitest';
import { DlError, type DlErrorCode } from '../../src/errors';
import { concat } from './images';

/** CRC-32 (PNG's, ISO 3309), so crafted chunks pass a checking decoder. */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One PNG chunk: length, type, data, CRC over type and data. */
export function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/**
 * Recomputes every chunk CRC of a PNG, so that a damaged header reaches the decoder's size
 * logic instead of being caught by its checksum (as a crafted hostile file would be).
 */
export function fixPngCrcs(png: Uint8Array): Uint8Array {
  const out = png.slice();
  const view = new DataView(out.buffer);
  for (let at = 8; at + 12 <= out.length; ) {
    const end = at + 8 + view.getUint32(at);
    if (end + 4 > out.length) break;
    view.setUint32(end, crc32(out.subarray(at + 4, end)));
    at = end + 4;
  }
  return out;
}

const PNG_SIGNATURE = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG whose IHDR says `width × height` RGB, with `idat` as its (already deflated) data. */
export function craftPng(width: number, height: number, idat: Uint8Array): Uint8Array {
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return concat(
    PNG_SIGNATURE,
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', idat),
    pngChunk('IEND', new Uint8Array(0)),
  );
}

/** The bomb: about 9 KB on disk, an IHDR claiming 30000×30000 (2.7 GB of RGB). */
export function pngBomb(): Uint8Array {
  return craftPng(30000, 30000, deflateSync(new Uint8Array(9_000_000)));
}

/** The 23-byte PGM header claiming 2^20 × 2^20 pixels and no data. */
export const PGM_BOMB = new TextEncoder().encode('P5 1048576 1048576 255\n');

/** Byte offset of a RIFF chunk's id (`fmt `, `data`) in a WAV, or -1. */
export function riffChunk(wav: Uint8Array, id: string): number {
  const view = new DataView(wav.buffer, wav.byteOffset, wav.byteLength);
  for (let at = 12; at + 8 <= wav.length; at += 8 + view.getUint32(at + 4, true)) {
    if (String.fromCharCode(...wav.subarray(at, at + 4)) === id) return at;
  }
  return -1;
}

/** A copy of a WAV with its "fmt " sample rate (and byte rate) replaced. */
export function withSampleRate(wav: Uint8Array, rate: number): Uint8Array {
  const out = wav.slice();
  const view = new DataView(out.buffer);
  const fmt = riffChunk(out, 'fmt ');
  const blockAlign = view.getUint16(fmt + 20, true);
  view.setUint32(fmt + 12, rate, true);
  view.setUint32(fmt + 16, rate * blockAlign, true);
  return out;
}

/** Offset of the first SOFn marker (0xFF 0xC0–0xC2) in a JPEG. */
export function jpegSofOffset(jpeg: Uint8Array): number {
  for (let at = 2; at + 4 < jpeg.length; at += 2 + ((jpeg[at + 2] << 8) | jpeg[at + 3])) {
    if (jpeg[at] === 0xff && jpeg[at + 1] >= 0xc0 && jpeg[at + 1] <= 0xc2) return at;
  }
  throw new Error('no SOF marker in the test JPEG');
}

/** Memory numbers that an allocation of the declared size would move. */
function memory(): { rss: number; arrayBuffers: number } {
  const { rss, arrayBuffers } = process.memoryUsage();
  return { rss, arrayBuffers };
}

export const MB = 1024 * 1024;

/**
 * Runs `work`, which must fail with a DlError of `code`, and checks that it failed fast and
 * without a large allocation: the error must come within `maxMs` and neither RSS nor
 * ArrayBuffer memory may grow by `maxGrowth` bytes. Memory is read right after the failure,
 * before a GC could return a buffer the decoder had allocated.
 */
export async function expectCheapFailure(
  work: () => unknown,
  code: DlErrorCode,
  { maxMs = 5000, maxGrowth = 200 * MB } = {},
): Promise<DlError> {
  const before = memory();
  const started = performance.now();
  let error: unknown;
  try {
    await work();
  } catch (e) {
    error = e;
  }
  const ms = performance.now() - started;
  const after = memory();
  expect(error, String(error)).toBeInstanceOf(DlError);
  expect((error as DlError).code, String(error)).toBe(code);
  expect(ms).toBeLessThan(maxMs);
  expect(after.rss - before.rss).toBeLessThan(maxGrowth);
  expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(maxGrowth);
  return error as DlError;
}

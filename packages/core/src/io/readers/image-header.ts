import { DlError } from '../../errors';
import type { ImageFormat } from './image-format';
import { checkPixelCount } from './image-limits';

/**
 * Header checks run before a codec sees the bytes. Codecs allocate the whole bitmap from the
 * header's width and height before reading a single pixel, so a small file that claims a huge
 * image costs gigabytes and minutes; reading the few header bytes ourselves costs nothing.
 * Each check throws LIMIT_EXCEEDED (too many pixels) or FILE_CORRUPT (the header contradicts
 * the file), naming the file.
 */
export function checkImageHeader(
  bytes: Uint8Array,
  format: Exclude<ImageFormat, 'pnm'>,
  maxPixels: number,
  path?: string,
): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const corrupt = (msg: string) =>
    new DlError(
      'FILE_CORRUPT',
      `could not decode ${format.toUpperCase()} (truncated or damaged?): ${msg}`,
      { path },
    );
  const limit = (width: number, height: number, what: string) =>
    checkPixelCount(width, height, maxPixels, what, path);
  const check = { png: checkPng, jpeg: checkJpeg, gif: checkGif, bmp: checkBmp }[format];
  check(bytes, view, corrupt, limit);
}

type Corrupt = (msg: string) => DlError;
type Limit = (width: number, height: number, what: string) => void;

/** Samples per pixel by PNG colour type. */
const PNG_SAMPLES: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/**
 * Deflate expands at most ~1032:1 (a 258-byte match coded in 2 bits), so IDAT data shorter
 * than the raster ÷ 1032 cannot be a complete image, whatever its content.
 */
const MAX_DEFLATE_RATIO = 1032;

function checkPng(bytes: Uint8Array, view: DataView, corrupt: Corrupt, limit: Limit): void {
  if (bytes.length < 33) throw corrupt(`${bytes.length} bytes: too short for a PNG header`);
  if (fourcc(bytes, 12) !== 'IHDR') {
    throw corrupt(`first chunk is ${JSON.stringify(fourcc(bytes, 12))}, expected "IHDR"`);
  }
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) {
    throw corrupt(`IHDR declares ${width}×${height}, expected 1..2^31−1 each`);
  }
  limit(width, height, 'PNG IHDR');
  const samples = PNG_SAMPLES[bytes[25]];
  if (samples === undefined) return; // an invalid colour type: the codec says so
  const rasterBytes = Math.ceil((width * height * samples * bytes[24]) / 8);
  const idat = pngIdatBytes(bytes, view);
  if (idat * MAX_DEFLATE_RATIO + 1024 < rasterBytes) {
    throw corrupt(
      `IHDR declares ${width}×${height} (${rasterBytes} bytes of pixels), but the file holds ` +
        `only ${idat} bytes of IDAT data, too few for any compression`,
    );
  }
}

/** Total IDAT payload present in the file (a chunk cut off by the end counts what is there). */
function pngIdatBytes(bytes: Uint8Array, view: DataView): number {
  let total = 0;
  for (let at = 8; at + 8 <= bytes.length; ) {
    const length = view.getUint32(at);
    const name = fourcc(bytes, at + 4);
    if (name === 'IDAT') total += Math.min(length, bytes.length - at - 8);
    if (name === 'IEND') break;
    at += 12 + length;
  }
  return total;
}

function checkJpeg(bytes: Uint8Array, _view: DataView, corrupt: Corrupt, limit: Limit): void {
  const frame = jpegFrame(bytes);
  if (!frame) return; // no frame header before the scan: the codec reports it
  if (frame.width === 0 || frame.height === 0) {
    throw corrupt(`frame header declares ${frame.width}×${frame.height}, expected non-zero sizes`);
  }
  limit(frame.width, frame.height, 'JPEG frame header (SOF)');
  // Huffman coding spends at least one bit on every 8×8 block of the full-resolution
  // component (its DC difference), so fewer bytes cannot hold the image. Arithmetic-coded
  // frames (SOF9 and up) can go below a bit a block; they are left to the codec.
  if (frame.marker >= 0xc9) return;
  const blocks = Math.ceil(frame.width / 8) * Math.ceil(frame.height / 8);
  if (bytes.length < blocks / 8) {
    throw corrupt(
      `frame header declares ${frame.width}×${frame.height} (${blocks} blocks of 8×8, at least ` +
        `${Math.ceil(blocks / 8)} bytes when coded), but the file has ${bytes.length} bytes`,
    );
  }
}

/** The JPEG frame header (SOFn): size and colour components, or undefined if none is found. */
export function jpegFrame(
  bytes: Uint8Array,
): { width: number; height: number; components: number; marker: number } | undefined {
  for (let at = 2; at + 9 < bytes.length; ) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1];
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    const isSof =
      marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) {
      const height = (bytes[at + 5] << 8) | bytes[at + 6];
      const width = (bytes[at + 7] << 8) | bytes[at + 8];
      return { width, height, components: bytes[at + 9], marker };
    }
    if (marker === 0xda) return undefined; // start of scan: no frame header came before it
    at += 2 + ((bytes[at + 2] << 8) | bytes[at + 3]);
  }
  return undefined;
}

/** The logical screen is allocated as RGBA, the first frame as one index byte per pixel. */
function checkGif(bytes: Uint8Array, view: DataView, corrupt: Corrupt, limit: Limit): void {
  if (bytes.length < 13) throw corrupt(`${bytes.length} bytes: too short for a GIF header`);
  const width = view.getUint16(6, true);
  const height = view.getUint16(8, true);
  if (width === 0 || height === 0) {
    throw corrupt(`logical screen is ${width}×${height}, expected non-zero sizes`);
  }
  limit(width, height, 'GIF logical screen');
  const frame = gifFirstFrame(bytes, view);
  if (frame) limit(frame.width, frame.height, 'GIF frame 1');
}

/** Walks past the colour table and extension blocks to the first image descriptor. */
function gifFirstFrame(
  bytes: Uint8Array,
  view: DataView,
): { width: number; height: number } | undefined {
  const flags = bytes[10];
  let at = 13 + (flags & 0x80 ? 3 * 2 ** ((flags & 7) + 1) : 0);
  while (at < bytes.length) {
    const block = bytes[at];
    if (block === 0x2c) {
      if (at + 9 > bytes.length) return undefined;
      return { width: view.getUint16(at + 5, true), height: view.getUint16(at + 7, true) };
    }
    if (block !== 0x21) return undefined; // trailer or garbage: the codec decides
    at += 2; // introducer and label, then sub-blocks until a zero length
    while (at < bytes.length && bytes[at] !== 0) at += 1 + bytes[at];
    at++;
  }
  return undefined;
}

/** Uncompressed BMP (BI_RGB, BI_BITFIELDS) rows are padded to 4 bytes, bottom-up or top-down. */
function checkBmp(bytes: Uint8Array, view: DataView, corrupt: Corrupt, limit: Limit): void {
  if (bytes.length < 26) throw corrupt(`${bytes.length} bytes: too short for a BMP header`);
  const dataOffset = view.getUint32(10, true);
  const core = view.getUint32(14, true) === 12; // OS/2 BITMAPCOREHEADER: 16-bit sizes
  if (!core && bytes.length < 34)
    throw corrupt(`${bytes.length} bytes: too short for a BMP header`);
  const width = core ? view.getUint16(18, true) : view.getInt32(18, true);
  const height = Math.abs(core ? view.getUint16(20, true) : view.getInt32(22, true));
  if (width <= 0 || height === 0) {
    throw corrupt(`header declares ${width}×${height}, expected positive sizes`);
  }
  limit(width, height, 'BMP header');
  const bits = view.getUint16(core ? 24 : 28, true);
  const compression = core ? 0 : view.getUint32(30, true);
  if ((compression !== 0 && compression !== 3) || ![1, 4, 8, 16, 24, 32].includes(bits)) return;
  const rowBytes = Math.floor((bits * width + 31) / 32) * 4;
  // The last row's padding is often left out; everything before it must be there.
  const needed = rowBytes * (height - 1) + Math.ceil((bits * width) / 8);
  const present = bytes.length - dataOffset;
  if (needed > present) {
    throw corrupt(
      `${width}×${height} at ${bits} bits per pixel needs ${needed} bytes of pixel data, ` +
        `found ${Math.max(0, present)}`,
    );
  }
}

function fourcc(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + 4));
}

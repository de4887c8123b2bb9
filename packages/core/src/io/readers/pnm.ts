import { DlError } from '../../errors';
import type { DecodedImage } from './image';
import { checkPixelCount, resolveMaxPixels } from './image-limits';

/**
 * Our own PGM/PPM decoder (Netpbm P2, P3, P5, P6), because jimp reads none of them and face
 * data sets (ORL/AT&T) ship as binary PGM.
 *
 * - Header: magic, width, height, maxval as whitespace-separated ASCII decimals; `#` starts a
 *   comment running to the end of the line, anywhere in the header.
 * - Binary (P5/P6): exactly one whitespace byte after maxval, then the raster; samples are one
 *   byte when maxval < 256, else two bytes big-endian (the Netpbm spec).
 * - ASCII (P2/P3): whitespace-separated decimals (comments tolerated there too).
 * - maxval = 255 keeps bytes as they are (Uint8Array); any other maxval (e.g. 15, 1023, 65535)
 *   is rescaled to the 0–255 scale as Float32Array, so no precision is lost in rounding.
 * Trailing data after the first image (multi-image files) is ignored.
 *
 * Before allocating, width × height is checked against the pixel cap (`opts.maxPixels`, see
 * `setImageLimits`) and the bytes after the header against the raster the header describes,
 * so a 23-byte header claiming 2^20 × 2^20 fails at once.
 */
export function decodePnm(
  bytes: Uint8Array,
  path?: string,
  opts: { maxPixels?: number } = {},
): DecodedImage {
  const corrupt = (msg: string) => new DlError('FILE_CORRUPT', `PGM/PPM: ${msg}`, { path });
  const variant = String.fromCharCode(bytes[1]);
  const channels = variant === '3' || variant === '6' ? 3 : 1;
  const binary = variant === '5' || variant === '6';
  const kind = `P${variant} (${channels === 1 ? 'grayscale' : 'RGB'} ${binary ? 'binary' : 'ASCII'})`;

  const reader = new TokenReader(bytes, 2);
  const header = (name: string, min: number, max: number): number => {
    const token = reader.next();
    if (token === undefined)
      throw corrupt(`header ends before ${name} (file is ${bytes.length} bytes)`);
    const value = parseDecimal(token);
    if (value === undefined || value < min || value > max) {
      throw corrupt(`expected ${name} as an integer in ${min}..${max}, found "${token}"`);
    }
    return value;
  };
  const width = header('width', 1, 1 << 20);
  const height = header('height', 1, 1 << 20);
  const maxval = header('maxval', 1, 65535);
  checkPixelCount(width, height, resolveMaxPixels(opts.maxPixels), `${kind} header`, path);
  const count = width * height * channels;
  const described = `${kind} ${width}×${height}, maxval ${maxval}`;
  // Check that the raster can be there before allocating room for it.
  const start = binary ? binaryRasterStart(bytes, reader, described, corrupt) : reader.pos;
  if (binary)
    checkBinaryLength(bytes.length - start, count * (maxval < 256 ? 1 : 2), described, corrupt);
  else checkAsciiLength(bytes, reader.pos, count, `${kind} ${width}×${height}`, corrupt);

  const samples = maxval === 255 ? new Uint8Array(count) : new Float32Array(count);
  const scale = 255 / maxval;
  const put = (i: number, v: number): void => {
    if (v > maxval) throw corrupt(`sample ${i} is ${v}, above maxval ${maxval}`);
    samples[i] = maxval === 255 ? v : v * scale;
  };

  if (binary) {
    if (maxval < 256) {
      for (let i = 0; i < count; i++) put(i, bytes[start + i]);
    } else {
      for (let i = 0; i < count; i++)
        put(i, (bytes[start + 2 * i] << 8) | bytes[start + 2 * i + 1]);
    }
  } else {
    for (let i = 0; i < count; i++) {
      const token = reader.next();
      if (token === undefined) {
        throw corrupt(
          `${kind} ${width}×${height}: expected ${count} samples, found ${i} (file truncated?)`,
        );
      }
      const v = parseDecimal(token);
      if (v === undefined)
        throw corrupt(`${kind}: sample ${i} is "${token}", expected a decimal integer`);
      put(i, v);
    }
  }
  return { width, height, channels, data: samples, source: path };
}

/** Binary raster: a comment may sit after maxval, then exactly one whitespace byte. */
function binaryRasterStart(
  bytes: Uint8Array,
  reader: TokenReader,
  described: string,
  corrupt: (msg: string) => DlError,
): number {
  if (bytes[reader.pos] === 0x23) reader.skipComment();
  if (reader.pos >= bytes.length) {
    throw corrupt(
      `${described}: file ends after the header, expected pixel data (file truncated?)`,
    );
  }
  if (!isSpace(bytes[reader.pos]))
    throw corrupt(`${described}: expected one whitespace byte after maxval`);
  return reader.pos + 1;
}

function checkBinaryLength(
  present: number,
  expected: number,
  described: string,
  corrupt: (msg: string) => DlError,
): void {
  if (present >= expected) return;
  throw corrupt(
    `${described}: expected ${expected} bytes of pixel data, found ${present} (file truncated?)`,
  );
}

/**
 * Each ASCII sample is at least a digit and a separator, so fewer than 2·count − 1 bytes
 * cannot hold them: count the tokens that are there (no allocation) for the message.
 */
function checkAsciiLength(
  bytes: Uint8Array,
  pos: number,
  count: number,
  described: string,
  corrupt: (msg: string) => DlError,
): void {
  if (bytes.length - pos >= 2 * count - 1) return;
  const tokens = new TokenReader(bytes, pos);
  let found = 0;
  while (tokens.next() !== undefined) found++;
  throw corrupt(`${described}: expected ${count} samples, found ${found} (file truncated?)`);
}

function isSpace(b: number | undefined): boolean {
  return b === 0x20 || (b !== undefined && b >= 0x09 && b <= 0x0d);
}

/** Non-negative decimal, or undefined for anything else ("12abc", "-3", "1e3"). */
function parseDecimal(token: string): number | undefined {
  if (!/^\d{1,9}$/.test(token)) return undefined;
  return Number(token);
}

/**
 * Whitespace/comment tokenizer over raw bytes. After `next()`, `pos` is the index just past the
 * token — for binary PNM, the whitespace byte that separates the header from the raster.
 */
class TokenReader {
  constructor(
    private readonly bytes: Uint8Array,
    public pos: number,
  ) {}

  next(): string | undefined {
    const b = this.bytes;
    for (;;) {
      while (this.pos < b.length && isSpace(b[this.pos])) this.pos++;
      if (b[this.pos] !== 0x23 /* # */) break;
      this.skipComment();
    }
    if (this.pos >= b.length) return undefined;
    const start = this.pos;
    // A token ends at whitespace or a comment ("255#max" is legal in the header).
    while (this.pos < b.length && !isSpace(b[this.pos]) && b[this.pos] !== 0x23) this.pos++;
    // Cap the token so that binary garbage produces a short error message.
    return String.fromCharCode(...b.subarray(start, Math.min(this.pos, start + 24)));
  }

  /** From a `#` to (not past) the end of its line. */
  skipComment(): void {
    const b = this.bytes;
    while (this.pos < b.length && b[this.pos] !== 0x0a && b[this.pos] !== 0x0d) this.pos++;
  }
}

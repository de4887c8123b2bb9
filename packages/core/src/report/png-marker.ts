/**
 * A PNG tEXt chunk `Software: @dl/core` right after the header chunk marks the PNGs we write,
 * so that writing a chart again may replace it while a user's own PNG is refused.
 */
const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const KEYWORD = 'Software';
const MARK = '@dl/core';
/** Signature (8) + IHDR chunk (4 length + 4 type + 13 data + 4 CRC). */
const AFTER_IHDR = 33;

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function markerChunk(): Buffer {
  const body = Buffer.from(`tEXt${KEYWORD}\0${MARK}`, 'latin1');
  const chunk = Buffer.alloc(4 + body.length + 4);
  chunk.writeUInt32BE(body.length - 4, 0);
  body.copy(chunk, 4);
  chunk.writeUInt32BE(crc32(body), 4 + body.length);
  return chunk;
}

const isPng = (bytes: Uint8Array): boolean =>
  bytes.length > AFTER_IHDR && SIGNATURE.equals(Buffer.from(bytes.subarray(0, 8)));

/** Whether `head` (the first bytes of a file) is a PNG carrying our marker chunk. */
export function isOurPng(head: Uint8Array): boolean {
  if (!isPng(head)) return false;
  const expected = markerChunk();
  const found = Buffer.from(head.subarray(AFTER_IHDR, AFTER_IHDR + expected.length));
  return found.equals(expected);
}

/** `png` with our marker chunk inserted after IHDR (unchanged if not a PNG or already marked). */
export function markPng(png: Uint8Array): Uint8Array {
  if (!isPng(png) || isOurPng(png)) return png;
  return Buffer.concat([png.subarray(0, AFTER_IHDR), markerChunk(), png.subarray(AFTER_IHDR)]);
}

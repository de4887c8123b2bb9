import type { DecodedImage } from '@dl/core';

/** Binary PGM (P5) bytes of a gray image. */
export function pgm(image: DecodedImage): Uint8Array {
  const header = Buffer.from(`P5\n${image.width} ${image.height}\n255\n`, 'ascii');
  return Buffer.concat([header, Buffer.from(Uint8Array.from(image.data))]);
}

/**
 * A GIF89a of a gray image with a 256-level gray palette. LZW is written the simple valid way:
 * every pixel as a literal 9-bit code, with a clear code before the table would grow past 9
 * bits — what Yale's files are (GIF), without needing an encoder library.
 */
export function gif(image: DecodedImage): Uint8Array {
  const { width, height } = image;
  const bytes: number[] = [...Buffer.from('GIF89a', 'ascii')];
  const u16 = (v: number) => bytes.push(v & 255, v >> 8);
  u16(width);
  u16(height);
  bytes.push(0xf7, 0, 0); // global colour table of 256 entries
  for (let i = 0; i < 256; i++) bytes.push(i, i, i);
  bytes.push(0x2c);
  u16(0);
  u16(0);
  u16(width);
  u16(height);
  bytes.push(0, 8); // no local table; LZW minimum code size 8
  const codes: number[] = [256];
  let sinceClear = 0;
  for (const v of image.data) {
    if (sinceClear === 254) {
      codes.push(256);
      sinceClear = 0;
    }
    codes.push(Math.round(v));
    sinceClear++;
  }
  codes.push(257);
  const packed: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const c of codes) {
    acc |= c << bits;
    bits += 9;
    while (bits >= 8) {
      packed.push(acc & 255);
      acc >>>= 8;
      bits -= 8;
    }
  }
  if (bits > 0) packed.push(acc & 255);
  for (let i = 0; i < packed.length; i += 255) {
    const block = packed.slice(i, i + 255);
    bytes.push(block.length, ...block);
  }
  bytes.push(0, 0x3b);
  return Uint8Array.from(bytes);
}

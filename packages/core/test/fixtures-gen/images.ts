import { Jimp } from 'jimp';

export type ImageMime = 'image/png' | 'image/jpeg' | 'image/bmp' | 'image/gif';

/**
 * Encodes an RGBA pixel function with jimp into the given format.
 * `pngColorType`: 0 gray, 2 RGB, 4 gray+alpha, 6 RGBA (PNG only).
 */
export async function encodeImage(
  mime: ImageMime,
  width: number,
  height: number,
  pixel: (x: number, y: number) => [number, number, number, number],
  pngColorType?: 0 | 2 | 4 | 6,
): Promise<Uint8Array> {
  const image = new Jimp({ width, height, color: 0 });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b, a] = pixel(x, y);
      const i = (y * width + x) * 4;
      image.bitmap.data[i] = r;
      image.bitmap.data[i + 1] = g;
      image.bitmap.data[i + 2] = b;
      image.bitmap.data[i + 3] = a;
    }
  }
  const buffer =
    mime === 'image/png' && pngColorType !== undefined
      ? await image.getBuffer(mime, { colorType: pngColorType })
      : await image.getBuffer(mime);
  return new Uint8Array(buffer);
}

export interface PnmSpec {
  variant: 'P2' | 'P3' | 'P5' | 'P6';
  width: number;
  height: number;
  maxval: number;
  /** Samples, channels interleaved. */
  samples: readonly number[];
  /** Header text between the magic and the raster; default `W H\nMAXVAL\n`. */
  header?: string;
}

/** Writes a Netpbm file per the spec (binary samples big-endian when maxval ≥ 256). */
export function encodePnm(spec: PnmSpec): Uint8Array {
  const header = `${spec.variant}\n${spec.header ?? `${spec.width} ${spec.height}\n${spec.maxval}\n`}`;
  const head = new TextEncoder().encode(header);
  if (spec.variant === 'P2' || spec.variant === 'P3') {
    const body = new TextEncoder().encode(`${spec.samples.join(' ')}\n`);
    return concat(head, body);
  }
  const wide = spec.maxval >= 256;
  const body = new Uint8Array(spec.samples.length * (wide ? 2 : 1));
  spec.samples.forEach((v, i) => {
    if (wide) {
      body[2 * i] = v >> 8;
      body[2 * i + 1] = v & 0xff;
    } else {
      body[i] = v;
    }
  });
  return concat(head, body);
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

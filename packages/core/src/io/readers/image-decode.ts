import { DlError } from '../../errors';
import { readFileBytes } from './fs';
import { checkImage, type DecodedImage, type ImageChannels } from './image';
import { describeBytes, detectImageFormat, type ImageFormat } from './image-format';
import { checkImageHeader, jpegFrame } from './image-header';
import { resolveMaxPixels } from './image-limits';
import { convertChannels } from './image-ops';
import { decodePnm } from './pnm';

export interface ReadImageOptions {
  /**
   * Convert to this many channels (1 gray, 3 RGB, 4 RGBA). Default: the file's own — 1 for a
   * grayscale PNG/JPEG/PGM, 4 for a PNG with alpha (or a GIF with transparent pixels), else 3.
   */
  channels?: ImageChannels;
  /**
   * Refuse (LIMIT_EXCEEDED) an image whose header declares more pixels than this, before
   * decoding. Default: `setImageLimits`, else `DL_MAX_IMAGE_PIXELS`, else
   * `DEFAULT_MAX_IMAGE_PIXELS` (89,478,485, Pillow's cap); `Infinity` turns the check off.
   */
  maxPixels?: number;
}

/** Reads and decodes a PNG, JPEG, BMP, GIF or PGM/PPM (P2/P3/P5/P6) file; the format comes from its bytes. */
export async function readImage(path: string, opts: ReadImageOptions = {}): Promise<DecodedImage> {
  return decodeImage(await readFileBytes(path), { ...opts, source: path });
}

/** `readImage` for bytes already in memory; `source` names them in errors. */
export async function decodeImage(
  bytes: Uint8Array,
  opts: ReadImageOptions & { source?: string } = {},
): Promise<DecodedImage> {
  const path = opts.source;
  const maxPixels = resolveMaxPixels(opts.maxPixels);
  if (bytes.length === 0)
    throw new DlError('FILE_CORRUPT', 'empty file, expected an image', { path });
  const detected = detectImageFormat(bytes);
  if (detected.kind === 'unsupported') {
    throw new DlError(
      'FILE_UNSUPPORTED',
      `${detected.format.toUpperCase()} images are not supported; convert to PNG, JPEG, BMP, GIF or PGM/PPM`,
      { path },
    );
  }
  if (detected.kind === 'unknown') {
    throw new DlError(
      'FILE_CORRUPT',
      `not an image: expected PNG, JPEG, BMP, GIF or PGM/PPM signature bytes, found ${describeBytes(bytes)}`,
      { path },
    );
  }
  const { format } = detected;
  if (format !== 'pnm') checkImageHeader(bytes, format, maxPixels, path);
  const image =
    format === 'pnm'
      ? decodePnm(bytes, path, { maxPixels })
      : await decodeWithJimp(bytes, format, maxPixels, path);
  image.source = path;
  return opts.channels === undefined ? image : convertChannels(image, opts.channels);
}

/** Lazily loaded: jimp and its codecs take a noticeable time to import, and many users never read images. */
let jimpModule: Promise<typeof import('jimp')> | undefined;

async function decodeWithJimp(
  bytes: Uint8Array,
  format: ImageFormat,
  maxPixels: number,
  path?: string,
): Promise<DecodedImage> {
  jimpModule ??= import('jimp');
  const { Jimp } = await jimpModule;
  let bitmap: { width: number; height: number; data: Uint8Array };
  try {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    bitmap = (await Jimp.fromBuffer(buffer, jpegLimits(maxPixels))).bitmap;
  } catch (e) {
    // Codec errors ("unknown JPEG marker 0", "offset out of range") say nothing of the file.
    const why = e instanceof Error ? e.message : String(e);
    throw new DlError(
      'FILE_CORRUPT',
      `could not decode ${format.toUpperCase()} (truncated or damaged?): ${why}`,
      {
        path,
        cause: e,
      },
    );
  }
  const pixels = new Uint8Array(bitmap.data.buffer, bitmap.data.byteOffset, bitmap.data.byteLength);
  const rgba: DecodedImage = {
    width: bitmap.width,
    height: bitmap.height,
    channels: 4,
    data: pixels,
    source: path,
  };
  checkImage(rgba, `decoded ${format.toUpperCase()}`);
  // Copy out of jimp's Buffer (it may be a slice of a shared pool) while dropping unused channels.
  const native = nativeChannels(bytes, format, pixels);
  if (native === 4) return { ...rgba, data: pixels.slice() };
  if (native === 3) return convertChannels(rgba, 3);
  // Grayscale sources decode to R=G=B; take one channel rather than re-weighting (exact bytes).
  const n = rgba.width * rgba.height;
  const gray = new Uint8Array(n);
  for (let i = 0; i < n; i++) gray[i] = pixels[4 * i];
  return { ...rgba, channels: 1, data: gray };
}

/**
 * jpeg-js has its own caps (100 MP, 512 MB working memory) that would refuse, as "corrupt",
 * JPEGs our pixel cap allows; lift them to match it (output RGBA plus about as much again
 * for the component planes and coefficients: 12 bytes a pixel is a safe bound).
 */
function jpegLimits(maxPixels: number) {
  const maxResolutionInMP = Math.max(100, Math.ceil(maxPixels / 1e6));
  const maxMemoryUsageInMB = Math.max(512, Math.ceil((maxPixels * 12) / 2 ** 20));
  return { 'image/jpeg': { maxResolutionInMP, maxMemoryUsageInMB } };
}

/** The channel count the file itself stores, from its header (jimp always hands back RGBA). */
function nativeChannels(bytes: Uint8Array, format: ImageFormat, rgba: Uint8Array): ImageChannels {
  switch (format) {
    case 'png':
      return pngChannels(bytes);
    case 'jpeg':
      return jpegFrame(bytes)?.components === 1 ? 1 : 3;
    case 'bmp':
      // jimp's BMP codec sets alpha to 255 (BMP alpha bytes are unreliable), so BMP is RGB.
      return 3;
    case 'gif': {
      // GIF has no alpha channel, only a transparent palette index: RGBA only if one is used.
      for (let i = 3; i < rgba.length; i += 4) if (rgba[i] !== 255) return 4;
      return 3;
    }
    default:
      return 3;
  }
}

/** PNG colour type (IHDR byte 25): 0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA; tRNS adds alpha to a palette. */
function pngChannels(bytes: Uint8Array): ImageChannels {
  const colorType = bytes[25];
  if (colorType === 0) return 1;
  if (colorType === 4 || colorType === 6) return 4;
  if (colorType === 3 && hasPngChunk(bytes, 'tRNS')) return 4;
  return 3;
}

function hasPngChunk(bytes: Uint8Array, type: string): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 8; at + 8 <= bytes.length; ) {
    const name = String.fromCharCode(bytes[at + 4], bytes[at + 5], bytes[at + 6], bytes[at + 7]);
    if (name === type) return true;
    if (name === 'IDAT' || name === 'IEND') return false; // tRNS must come before IDAT
    at += 12 + view.getUint32(at);
  }
  return false;
}

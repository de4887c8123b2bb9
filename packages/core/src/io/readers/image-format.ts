/**
 * Image format detection by magic bytes: file extensions lie (a `.png` that is really a JPEG,
 * or an HTML error page saved as `.jpg`), the first bytes do not.
 */
export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'bmp' | 'pnm';

/** Formats we recognise but do not decode, so the error can say "TIFF is not supported". */
export type UnsupportedImageFormat =
  | 'tiff'
  | 'webp'
  | 'heif/avif'
  | 'jpeg2000'
  | 'ico'
  | 'psd'
  | 'pam/pbm';

export type DetectedFormat =
  | { kind: 'supported'; format: ImageFormat }
  | { kind: 'unsupported'; format: UnsupportedImageFormat }
  | { kind: 'unknown' };

function startsWith(bytes: Uint8Array, sig: readonly number[], at = 0): boolean {
  if (bytes.length < at + sig.length) return false;
  return sig.every((b, i) => bytes[at + i] === b);
}

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));
const isSpace = (b: number | undefined): boolean =>
  b === 0x20 || (b !== undefined && b >= 0x09 && b <= 0x0d);

export function detectImageFormat(bytes: Uint8Array): DetectedFormat {
  const supported = (format: ImageFormat): DetectedFormat => ({ kind: 'supported', format });
  const unsupported = (format: UnsupportedImageFormat): DetectedFormat => ({
    kind: 'unsupported',
    format,
  });

  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return supported('png');
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return supported('jpeg');
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a')))
    return supported('gif');
  // "BM" alone is two printable letters; also require the header's reserved zero bytes.
  if (startsWith(bytes, ascii('BM')) && bytes.length >= 14 && bytes[6] === 0 && bytes[7] === 0) {
    return supported('bmp');
  }
  if (bytes[0] === 0x50 /* P */ && isSpace(bytes[2])) {
    const variant = bytes[1];
    if (variant === 0x32 || variant === 0x33 || variant === 0x35 || variant === 0x36)
      return supported('pnm');
    // P1/P4 are 1-bit bitmaps, P7 is PAM: valid Netpbm, but not ones data sets use.
    if (variant === 0x31 || variant === 0x34 || variant === 0x37) return unsupported('pam/pbm');
  }
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) {
    return unsupported('tiff');
  }
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8))
    return unsupported('webp');
  if (startsWith(bytes, ascii('ftyp'), 4)) return unsupported('heif/avif');
  if (
    startsWith(bytes, [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20]) ||
    startsWith(bytes, [0xff, 0x4f, 0xff, 0x51])
  ) {
    return unsupported('jpeg2000');
  }
  if (startsWith(bytes, [0x00, 0x00, 0x01, 0x00])) return unsupported('ico');
  if (startsWith(bytes, ascii('8BPS'))) return unsupported('psd');
  return { kind: 'unknown' };
}

/** The first bytes of a file as hex and printable text, for "found …" in error messages. */
export function describeBytes(bytes: Uint8Array, n = 8): string {
  const head = bytes.subarray(0, n);
  const hex = [...head].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  const text = [...head]
    .map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.'))
    .join('');
  return `${hex} ("${text}")`;
}

import { DlError } from '../../errors';

/**
 * The largest image, in pixels, that the readers decode by default: Pillow's
 * `Image.MAX_IMAGE_PIXELS` (1024 × 1024 × 1024 / 4 / 3), which is about 358 MB as RGBA.
 * A compressed file can claim far more than its size (a 9 KB PNG can declare 30000×30000);
 * the cap is checked against the header before any pixel buffer exists.
 */
export const DEFAULT_MAX_IMAGE_PIXELS = 89_478_485;

export interface ImageLimits {
  /** Largest width × height decoded; `Infinity` turns the check off. */
  maxPixels: number;
}

/** Name of the environment variable that overrides the default cap (a positive integer). */
const ENV_MAX_PIXELS = 'DL_MAX_IMAGE_PIXELS';

let configured: Partial<ImageLimits> = {};

/**
 * Sets the process-wide image limits used when a reader gets no `maxPixels` option.
 * Precedence: the reader's option, then this setting, then `DL_MAX_IMAGE_PIXELS`, then
 * `DEFAULT_MAX_IMAGE_PIXELS`. `setImageLimits({})` forgets an earlier setting.
 */
export function setImageLimits(limits: Partial<ImageLimits>): void {
  if (limits.maxPixels !== undefined) checkMaxPixels(limits.maxPixels, 'maxPixels');
  configured = { ...limits };
}

/** The limits in force now (setting, environment or default). */
export function getImageLimits(): ImageLimits {
  return { maxPixels: resolveMaxPixels() };
}

/** The cap for one call: its own option if given, else the process-wide one. */
export function resolveMaxPixels(option?: number): number {
  if (option !== undefined) return checkMaxPixels(option, 'maxPixels');
  if (configured.maxPixels !== undefined) return configured.maxPixels;
  const env = process.env[ENV_MAX_PIXELS];
  if (env !== undefined && env.trim() !== '') {
    const value = env.trim() === 'Infinity' ? Number.POSITIVE_INFINITY : Number(env);
    return checkMaxPixels(value, ENV_MAX_PIXELS, env);
  }
  return DEFAULT_MAX_IMAGE_PIXELS;
}

function checkMaxPixels(value: number, name: string, raw: unknown = value): number {
  const ok = value === Number.POSITIVE_INFINITY || (Number.isSafeInteger(value) && value > 0);
  if (!ok) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `${name} must be a positive integer or Infinity, got ${JSON.stringify(raw)}`,
    );
  }
  return value;
}

/**
 * Throws LIMIT_EXCEEDED when a header's `width × height` is above `maxPixels`; call it before
 * allocating anything of that size. `what` names the header ("PNG IHDR", "GIF frame 1").
 */
export function checkPixelCount(
  width: number,
  height: number,
  maxPixels: number,
  what: string,
  path?: string,
): void {
  const pixels = width * height;
  if (pixels <= maxPixels) return;
  throw new DlError(
    'LIMIT_EXCEEDED',
    `${what} declares ${width}×${height} = ${pixels.toLocaleString('en-US')} pixels, above the ` +
      `limit of ${maxPixels.toLocaleString('en-US')} (raise it with the maxPixels option, ` +
      `setImageLimits({ maxPixels }) or ${ENV_MAX_PIXELS} if the image is genuine)`,
    { path },
  );
}

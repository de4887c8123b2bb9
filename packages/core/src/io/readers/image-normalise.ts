import { DlError } from '../../errors';
import { checkImage, type DecodedImage } from './image';

/**
 * - `'scale'`: 0–255 → 0–1.
 * - `{ mean, std }`: scale to 0–1, then `(x − mean[c]) / std[c]` per channel. The constants
 *   apply to 0–1 values (the torchvision convention), so published ImageNet values work as is;
 *   a single number applies to every channel.
 * - `'none'`: values stay on the 0–255 scale.
 */
export type Normalisation =
  | 'none'
  | 'scale'
  | { mean: number | readonly number[]; std: number | readonly number[] };

/** Applies a normalisation; always returns Float32Array data. */
export function normaliseImage(image: DecodedImage, normalisation: Normalisation): DecodedImage {
  checkImage(image);
  if (normalisation === 'none') return { ...image, data: Float32Array.from(image.data) };
  const c = image.channels;
  const { mean, std } = constants(normalisation, c);
  const out = new Float32Array(image.data.length);
  for (let i = 0; i < out.length; i++) {
    const k = i % c;
    out[i] = (image.data[i] / 255 - mean[k]) / std[k];
  }
  return { ...image, data: out };
}

/** Per-channel mean and std (0–1 scale) of a 'scale' or { mean, std } normalisation, validated. */
function constants(
  normalisation: Exclude<Normalisation, 'none'>,
  channels: number,
): { mean: number[]; std: number[] } {
  if (normalisation === 'scale')
    return { mean: Array(channels).fill(0), std: Array(channels).fill(1) };
  if (typeof normalisation !== 'object' || normalisation === null) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `normalise must be 'none', 'scale' or { mean, std }, got ${JSON.stringify(normalisation)}`,
    );
  }
  const perChannel = (name: 'mean' | 'std'): number[] => {
    const v = normalisation[name];
    const values = typeof v === 'number' ? Array(channels).fill(v) : [...(v ?? [])];
    if (values.length !== channels || !values.every(Number.isFinite)) {
      throw new DlError(
        'INVALID_ARGUMENT',
        `normalise.${name} must be a number or ${channels} finite numbers (one per channel), got ${JSON.stringify(v)}`,
      );
    }
    return values;
  };
  const mean = perChannel('mean');
  const std = perChannel('std');
  if (std.some((s) => s <= 0)) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `normalise.std must be positive, got ${JSON.stringify(normalisation.std)}`,
    );
  }
  return { mean, std };
}

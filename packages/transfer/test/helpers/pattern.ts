import type { DecodedImage } from '@dl/core';

/** A fixed 64×48 RGB test image (a diagonal ramp pattern), the same on every machine. */
export function patternImage(width = 64, height = 48): DecodedImage {
  const data = new Uint8Array(width * height * 3).map((_, i) => (i * 7) % 256);
  return { width, height, channels: 3, data };
}

/** Sum, L2 norm and index of the largest value: a feature vector's fingerprint for pinning. */
export function fingerprintOf(v: Float32Array): { sum: number; norm: number; argmax: number } {
  let sum = 0;
  let sq = 0;
  let argmax = 0;
  for (let i = 0; i < v.length; i++) {
    sum += v[i];
    sq += v[i] * v[i];
    if (v[i] > v[argmax]) argmax = i;
  }
  return { sum, norm: Math.sqrt(sq), argmax };
}

import { DlError } from '../errors';

/**
 * Encodes mono float samples as a 16-bit PCM WAV file (the format of FSDD and most speech
 * corpora). Samples are clipped to [-1, 1] and rounded, so `decodeWav(encodeWav(x))` returns `x`
 * to within half a step (1/65536).
 */
export function encodeWav(samples: Float32Array, sampleRate: number): Uint8Array {
  if (!Number.isInteger(sampleRate) || sampleRate < 1) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `sample rate must be a positive integer, got ${sampleRate}`,
    );
  }
  const dataBytes = samples.length * 2;
  const bytes = new Uint8Array(44 + dataBytes);
  const view = new DataView(bytes.buffer);
  const ascii = (at: number, s: string) => {
    for (let i = 0; i < s.length; i++) bytes[at + i] = s.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i];
    if (Number.isNaN(v)) throw new DlError('INVALID_ARGUMENT', `sample ${i} is NaN`);
    view.setInt16(44 + i * 2, Math.max(-32768, Math.min(32767, Math.round(v * 32768))), true);
  }
  return bytes;
}

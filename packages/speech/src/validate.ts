import { DlError } from '@dl/core';

/** Shared argument checks for the feature stages; every failure is an INVALID_ARGUMENT DlError. */
export function fail(message: string): never {
  throw new DlError('INVALID_ARGUMENT', message);
}

export function checkSamples(samples: Float32Array | Float64Array): void {
  if (!(samples instanceof Float32Array || samples instanceof Float64Array)) {
    fail('samples must be a Float32Array (or Float64Array) of audio samples');
  }
  if (samples.length === 0) fail('samples is empty: expected at least one audio sample');
  for (let i = 0; i < samples.length; i++) {
    if (!Number.isFinite(samples[i]))
      fail(`samples[${i}] is ${samples[i]}: expected finite values`);
  }
}

export function checkSampleRate(sampleRate: number): void {
  if (!Number.isFinite(sampleRate) || sampleRate <= 0) {
    fail(`sampleRate must be a positive number of Hz, got ${sampleRate}`);
  }
}

export function checkNFft(nFft: number): void {
  if (!Number.isInteger(nFft) || nFft < 4 || (nFft & (nFft - 1)) !== 0) {
    fail(`nFft must be a power of two ≥ 4, got ${nFft}`);
  }
}

export function checkPositiveInt(name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0)
    fail(`${name} must be a positive integer, got ${value}`);
}

import { fail } from './validate';

export interface PowerToDbOptions {
  /** Reference power: 0 dB = ref. Default 1.0. */
  ref?: number;
  /** Floor applied to S and ref before the log. Default 1e-10. */
  amin?: number;
  /** Clip everything below max − topDb; null disables. Default 80. */
  topDb?: number | null;
}

/**
 * librosa `power_to_db`: 10·log10(max(amin, S)) − 10·log10(max(amin, ref)), then values below
 * (max − topDb) are raised to it (max over the whole array).
 */
export function powerToDb(power: ArrayLike<number>, opts: PowerToDbOptions = {}): Float64Array {
  const ref = opts.ref ?? 1.0;
  const amin = opts.amin ?? 1e-10;
  const topDb = opts.topDb === undefined ? 80 : opts.topDb;
  if (!(amin > 0)) fail(`amin must be > 0, got ${amin}`);
  if (!(ref > 0)) fail(`ref must be > 0, got ${ref}`);
  if (topDb !== null && !(topDb >= 0)) fail(`topDb must be ≥ 0 or null, got ${topDb}`);
  const offset = 10 * Math.log10(Math.max(amin, ref));
  const out = new Float64Array(power.length);
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < power.length; i++) {
    const v = 10 * Math.log10(Math.max(amin, power[i])) - offset;
    out[i] = v;
    if (v > max) max = v;
  }
  if (topDb !== null) {
    const floor = max - topDb;
    for (let i = 0; i < out.length; i++) if (out[i] < floor) out[i] = floor;
  }
  return out;
}

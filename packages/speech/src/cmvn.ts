/**
 * Per-utterance cepstral mean and variance normalisation (CMVN) of a `[rows, frames]` matrix,
 * row-major: every feature row to zero mean and unit variance over the clip, in place. What it
 * removes is what differs between speakers' microphones and levels: a gain is a constant dB
 * offset on every row, a fixed equaliser one offset per row.
 */
export function normaliseRows(data: Float32Array, rows: number, frames: number): void {
  normaliseRowsOver(data, rows, frames, () => true);
}

/**
 * Which frames of a fitted clip hear nothing but the zero padding {@link fitLength} added: the
 * whole window of the centred STFT frame (t·hop ± nFft/2, clamped to the clip) is exactly 0.
 * A recording's own quiet parts are never exactly zero, nor is a clip with noise added.
 */
export function paddingFrames(
  clip: Float32Array,
  frames: number,
  hopLength: number,
  nFft: number,
): Uint8Array {
  const padding = new Uint8Array(frames);
  for (let t = 0; t < frames; t++) {
    const from = Math.max(0, t * hopLength - nFft / 2);
    const to = Math.min(clip.length, t * hopLength + nFft / 2);
    let silent = true;
    for (let i = from; i < to && silent; i++) silent = clip[i] === 0;
    padding[t] = silent ? 1 : 0;
  }
  return padding;
}

/**
 * CMVN over the clip's own frames only: the statistics leave out the `padding` frames, so they
 * do not depend on how long the word is (a short word in a 1 s window would otherwise be
 * normalised mostly by its silence, and a channel's equaliser would shift speech against that
 * silence). Padding frames then take each row's lowest normalised speech value: the clip's own
 * background, as if the recording had gone on quietly. All padding (a silent clip): plain CMVN.
 */
export function normaliseSpeechRows(
  data: Float32Array,
  rows: number,
  frames: number,
  padding: Uint8Array,
): void {
  if (padding.every((p) => p === 1)) {
    normaliseRows(data, rows, frames);
    return;
  }
  normaliseRowsOver(data, rows, frames, (t) => padding[t] === 0);
  for (let r = 0; r < rows; r++) {
    const row = data.subarray(r * frames, (r + 1) * frames);
    let floor = Number.POSITIVE_INFINITY;
    for (let t = 0; t < frames; t++) if (!padding[t]) floor = Math.min(floor, row[t]);
    for (let t = 0; t < frames; t++) if (padding[t]) row[t] = floor;
  }
}

function normaliseRowsOver(
  data: Float32Array,
  rows: number,
  frames: number,
  counted: (frame: number) => boolean,
): void {
  for (let r = 0; r < rows; r++) {
    const row = data.subarray(r * frames, (r + 1) * frames);
    let n = 0;
    let mean = 0;
    for (let t = 0; t < frames; t++) {
      if (!counted(t)) continue;
      mean += row[t];
      n++;
    }
    mean /= n;
    let varSum = 0;
    for (let t = 0; t < frames; t++) if (counted(t)) varSum += (row[t] - mean) ** 2;
    const inv = 1 / Math.sqrt(varSum / n + 1e-8);
    for (let t = 0; t < frames; t++) row[t] = (row[t] - mean) * inv;
  }
}

/**
 * One mean and one variance for the whole matrix, over the clip's own frames (the `padding`
 * frames left out, then set to the lowest normalised speech value): removes the recording's
 * level but keeps the shape of its spectrum — which, for a single short word, is much of what
 * tells the words apart (per-row CMVN would subtract the word's average spectrum, i.e. its
 * vowel). A channel's equaliser is then left for augmentation to teach away.
 */
export function normaliseGlobal(
  data: Float32Array,
  rows: number,
  frames: number,
  padding: Uint8Array,
): void {
  const allPadding = padding.every((p) => p === 1);
  const counted = (t: number) => allPadding || padding[t] === 0;
  let n = 0;
  let mean = 0;
  for (let r = 0; r < rows; r++) {
    for (let t = 0; t < frames; t++) {
      if (!counted(t)) continue;
      mean += data[r * frames + t];
      n++;
    }
  }
  mean /= n;
  let varSum = 0;
  for (let r = 0; r < rows; r++) {
    for (let t = 0; t < frames; t++) if (counted(t)) varSum += (data[r * frames + t] - mean) ** 2;
  }
  const inv = 1 / Math.sqrt(varSum / n + 1e-8);
  let floor = Number.POSITIVE_INFINITY;
  for (let i = 0; i < data.length; i++) {
    data[i] = (data[i] - mean) * inv;
    if (counted(i % frames)) floor = Math.min(floor, data[i]);
  }
  if (allPadding) return;
  for (let r = 0; r < rows; r++) {
    for (let t = 0; t < frames; t++) if (padding[t]) data[r * frames + t] = floor;
  }
}

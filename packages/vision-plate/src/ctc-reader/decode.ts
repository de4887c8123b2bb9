import { ctcBeamSearch, ctcGreedyDecode } from '@dl/core';
import {
  isPlateText,
  isStandardPlateText,
  PLATE_READER_SYMBOLS,
  type PlateReaderCharacter,
} from './task';

/** How a reading is decoded from the reader's per-step scores. */
export interface PlateDecodeOptions {
  /**
   * 'beam' (default): best path, and when that is no plate in the national formats
   * (isStandardPlateText), the most probable one among the beam's `topPaths` that is (else
   * that is at least in the plate alphabet: a province, a letter, five or six digits/letters);
   * 'greedy': the best path as it is.
   */
  decoding?: 'beam' | 'greedy';
  /** Beam width (default 16) and paths examined (default 12) for 'beam'. */
  beamWidth?: number;
  topPaths?: number;
  /** Alternatives listed per character in `top` (default 3). */
  topK?: number;
}

/** A decoded plate: its text and characters (confidence per character). */
export interface DecodedPlate {
  text: string;
  characters: PlateReaderCharacter[];
  /** The least probable character's probability (0 when nothing was read). */
  confidence: number;
  /** Whether the text is a plate in the national formats (see isStandardPlateText). */
  valid: boolean;
}

function logSoftmax(row: readonly number[]): number[] {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of row) if (v > max) max = v;
  let sum = 0;
  for (const v of row) sum += Math.exp(v - max);
  const log = max + Math.log(sum);
  return row.map((v) => v - log);
}

/**
 * The most probable alignment of `labels` (Viterbi over CTC's extended label sequence): for
 * each label, the first and last step it occupies.
 */
function align(logp: number[][], labels: number[], blank: number): [number, number][] {
  const ext: number[] = [blank];
  for (const l of labels) ext.push(l, blank);
  const S = ext.length;
  const T = logp.length;
  const score = Array.from({ length: T }, () => new Float64Array(S).fill(Number.NEGATIVE_INFINITY));
  const back = Array.from({ length: T }, () => new Int32Array(S));
  score[0][0] = logp[0][ext[0]];
  if (S > 1) score[0][1] = logp[0][ext[1]];
  for (let t = 1; t < T; t++) {
    for (let s = 0; s < S; s++) {
      let best = s;
      if (s >= 1 && score[t - 1][s - 1] > score[t - 1][best]) best = s - 1;
      const skip = s >= 2 && ext[s] !== blank && ext[s] !== ext[s - 2];
      if (skip && score[t - 1][s - 2] > score[t - 1][best]) best = s - 2;
      score[t][s] = score[t - 1][best] + logp[t][ext[s]];
      back[t][s] = best;
    }
  }
  let s = S > 1 && score[T - 1][S - 2] > score[T - 1][S - 1] ? S - 2 : S - 1;
  const spans: [number, number][] = labels.map(() => [T, -1]);
  for (let t = T - 1; t >= 0; t--) {
    if (s % 2 === 1) {
      const i = (s - 1) / 2;
      spans[i] = [Math.min(spans[i][0], t), Math.max(spans[i][1], t)];
    }
    s = back[t][s];
  }
  return spans;
}

/**
 * Reads one plate from the reader's logits ([steps][symbols + blank]) of a crop `width` ×
 * `height` px: text, and per character the peak probability of its symbol over the steps the
 * best alignment gives it, its alternatives there, and its horizontal span.
 * @internal
 */
export function decodePlate(
  logits: number[][],
  crop: { width: number; height: number },
  options: PlateDecodeOptions = {},
): DecodedPlate {
  const logp = logits.map(logSoftmax);
  const blank = logp[0].length - 1;
  let labels = ctcGreedyDecode([logp])[0].labels;
  const text = (ls: number[]) => ls.map((l) => PLATE_READER_SYMBOLS[l]).join('');
  if ((options.decoding ?? 'beam') === 'beam' && !isStandardPlateText(text(labels))) {
    const paths = ctcBeamSearch([logp], {
      beamWidth: options.beamWidth ?? 16,
      topPaths: options.topPaths ?? 12,
    })[0];
    // The most probable plate in the national formats, else one in the plate alphabet.
    const valid =
      paths.find((p) => isStandardPlateText(text(p.labels))) ??
      paths.find((p) => isPlateText(text(p.labels)));
    if (valid) labels = valid.labels;
  }
  const spans = labels.length ? align(logp, labels, blank) : [];
  const step = crop.width / logp.length;
  const topK = options.topK ?? 3;
  const characters = labels.map((label, i): PlateReaderCharacter => {
    const [t0, t1] = spans[i];
    let peak = t0;
    for (let t = t0; t <= t1; t++) if (logp[t][label] > logp[peak][label]) peak = t;
    const top = logp[peak]
      .slice(0, blank)
      .map((lp, k) => ({ label: PLATE_READER_SYMBOLS[k], probability: Math.exp(lp) }))
      .sort((a, b) => b.probability - a.probability)
      .slice(0, topK);
    return {
      label: PLATE_READER_SYMBOLS[label],
      probability: Math.exp(logp[peak][label]),
      top,
      position: i + 1,
      box: { x: t0 * step, y: 0, width: (t1 - t0 + 1) * step, height: crop.height },
    };
  });
  const plate = text(labels);
  return {
    text: plate,
    characters,
    confidence: characters.length ? Math.min(...characters.map((c) => c.probability)) : 0,
    valid: isStandardPlateText(plate),
  };
}

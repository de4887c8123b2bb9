import { DlError } from '../errors';
import * as tf from '../tf';
import { logAdd } from './ctc-math';

/** A decoded label sequence and its log-probability. */
export interface CtcPath {
  labels: number[];
  /**
   * Greedy: log-probability of the single best alignment. Beam search: log-probability of the
   * label sequence, summed over the alignments the beam kept.
   */
  logProb: number;
}

export interface CtcDecodeOptions {
  /** Index of the blank class (default: the last class, as ctcLoss). */
  blank?: number;
  /** Per-sequence valid time steps (default: all). */
  inputLengths?: ArrayLike<number>;
}

export interface CtcBeamOptions extends CtcDecodeOptions {
  /** Prefixes kept after each step (default 16). */
  beamWidth?: number;
  /** Paths returned per sequence, best first (default 1). */
  topPaths?: number;
  /**
   * Only sequences of exactly this many symbols are returned (longer prefixes are pruned
   * as they appear): for fixed-length codes such as captchas. Default: any length.
   */
  length?: number;
}

/** [batch][t][class] log-probabilities, from a tensor or nested arrays. */
type LogProbs = tf.Tensor | number[][][];

function rows(logProbs: LogProbs): number[][][] {
  const x = logProbs instanceof tf.Tensor ? (logProbs.arraySync() as number[][][]) : logProbs;
  if (!Array.isArray(x) || !x.every((s) => Array.isArray(s) && s.every(Array.isArray))) {
    throw new DlError('INVALID_ARGUMENT', 'CTC decoding needs [batch, time, classes] values');
  }
  return x;
}

function blankOf(seq: number[][], o: CtcDecodeOptions): number {
  const classes = seq[0]?.length ?? 0;
  const blank = o.blank ?? classes - 1;
  if (classes > 0 && !(Number.isInteger(blank) && blank >= 0 && blank < classes)) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `blank must be a class index 0..${classes - 1}, got ${blank}`,
    );
  }
  return blank;
}

const stepsOf = (seq: number[][], o: CtcDecodeOptions, b: number) =>
  Math.min(seq.length, o.inputLengths?.[b] ?? seq.length);

/**
 * Best-path decoding: the most probable class at each step, repeats merged, blanks dropped.
 * Works on logits or log-probabilities alike (only the argmax matters for the labels; logProb
 * is meaningful for log-probabilities).
 */
export function ctcGreedyDecode(logProbs: LogProbs, o: CtcDecodeOptions = {}): CtcPath[] {
  return rows(logProbs).map((seq, b) => {
    const blank = blankOf(seq, o);
    const labels: number[] = [];
    let logProb = 0;
    let previous = -1;
    for (let t = 0; t < stepsOf(seq, o, b); t++) {
      const row = seq[t];
      let k = 0;
      for (let c = 1; c < row.length; c++) if (row[c] > row[k]) k = c;
      logProb += row[k];
      if (k !== blank && k !== previous) labels.push(k);
      previous = k;
    }
    return { labels, logProb };
  });
}

/** A prefix's probability split by whether its alignments so far end in a blank. */
interface Beam {
  labels: number[];
  blank: number;
  symbol: number;
}

const total = (b: Beam) => logAdd(b.blank, b.symbol);
const NEG_INF = Number.NEGATIVE_INFINITY;

/**
 * CTC prefix beam search (Hannun et al. 2014): keeps the `beamWidth` most probable label
 * prefixes, each summed over all its alignments, so it finds sequences greedy decoding misses
 * when probability is spread over several paths. Expects log-probabilities (log-softmax).
 */
export function ctcBeamSearch(logProbs: LogProbs, o: CtcBeamOptions = {}): CtcPath[][] {
  const width = o.beamWidth ?? 16;
  const top = o.topPaths ?? 1;
  for (const [name, v] of [
    ['beamWidth', width],
    ['topPaths', top],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) {
      throw new DlError('INVALID_ARGUMENT', `${name} must be a positive integer, got ${v}`);
    }
  }
  return rows(logProbs).map((seq, b) => {
    const blank = blankOf(seq, o);
    let beams: Beam[] = [{ labels: [], blank: 0, symbol: NEG_INF }];
    for (let t = 0; t < stepsOf(seq, o, b); t++) {
      beams = step(beams, seq[t], blank, o.length)
        .sort((x, y) => total(y) - total(x))
        .slice(0, width);
    }
    const done = o.length === undefined ? beams : beams.filter((x) => x.labels.length === o.length);
    return done.slice(0, top).map((x) => ({ labels: x.labels, logProb: total(x) }));
  });
}

/** Extends every prefix by one time step: stay (blank or repeat) or append a symbol. */
function step(beams: Beam[], row: number[], blank: number, maxLength?: number): Beam[] {
  const next = new Map<string, Beam>();
  const slot = (labels: number[]) => {
    const key = labels.join(',');
    let beam = next.get(key);
    if (!beam) {
      beam = { labels, blank: NEG_INF, symbol: NEG_INF };
      next.set(key, beam);
    }
    return beam;
  };
  for (const beam of beams) {
    const p = total(beam);
    const last = beam.labels.at(-1);
    const same = slot(beam.labels);
    same.blank = logAdd(same.blank, p + row[blank]);
    // A repeated symbol without a blank in between merges into the same prefix.
    if (last !== undefined) same.symbol = logAdd(same.symbol, beam.symbol + row[last]);
    if (maxLength !== undefined && beam.labels.length >= maxLength) continue;
    for (let k = 0; k < row.length; k++) {
      if (k === blank) continue;
      const grown = slot([...beam.labels, k]);
      // After the same symbol, only alignments ending in a blank start a new one.
      const from = k === last ? beam.blank : p;
      grown.symbol = logAdd(grown.symbol, from + row[k]);
    }
  }
  return [...next.values()];
}

import { DlError, dataFingerprint, Rng } from '@dl/core';
import type { SentenceDataset } from './data';

export const POSITIVE_WORDS = [
  'good',
  'great',
  'excellent',
  'wonderful',
  'brilliant',
  'enjoyable',
  'fun',
  'moving',
] as const;
export const NEGATIVE_WORDS = [
  'bad',
  'awful',
  'terrible',
  'boring',
  'dull',
  'poor',
  'weak',
  'tedious',
] as const;
const SUBJECTS = [
  'it',
  'this',
  'acting',
  'plot',
  'film',
  'story',
  'cast',
  'music',
  'script',
  'ending',
];
const INTENSIFIERS = ['very', 'really', 'extremely', 'quite', 'so', 'truly'];
const OPENERS = ['honestly ,', 'overall', 'i think', 'frankly', 'to me'];
const NEGATIONS = [
  (v: string) => `${v} not`,
  (v: string) => `${v} never`,
  (v: string) => `${v}n't`,
];

/** How a synthetic sentence's label follows from its words. */
export type SynthKind = 'plain' | 'negated' | 'contrast';

export interface SynthSentimentOptions {
  /** Sentences to make. */
  count: number;
  /** Default 1. */
  seed?: number;
  /** Share of each kind; default plain 0.4, negated 0.3, contrast 0.3. */
  mix?: Partial<Record<SynthKind, number>>;
}

export interface SynthSentimentSet extends SentenceDataset {
  kinds: SynthKind[];
}

/**
 * Template sentiment sentences with exact labels ('neg' = 0, 'pos' = 1), built so that word
 * counts cannot solve them:
 * - plain: "the plot was really good" — the adjective decides;
 * - negated: "the plot was not good", "it wasn't very bad", "the cast was never dull" — a
 *   negation flips the adjective;
 * - contrast: "the acting was great but the plot was not good" — the clause after 'but'
 *   decides (it may itself be negated).
 * Counting positive minus negative words is right on plain sentences, wrong on every negated
 * one and a coin toss on contrasts: about 0.55 at the default mix (see `polarityCountAccuracy`).
 */
export function synthTextCnnSentiment(options: SynthSentimentOptions): SynthSentimentSet {
  const { count, seed = 1 } = options;
  if (!Number.isInteger(count) || count < 1)
    throw new DlError('INVALID_ARGUMENT', `count must be a positive integer, got ${count}`);
  const mix = { plain: 0.4, negated: 0.3, contrast: 0.3, ...options.mix };
  const total = mix.plain + mix.negated + mix.contrast;
  const rng = new Rng(seed).fork('synth-sentiment');
  const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)];
  const subject = () => {
    const s = pick(SUBJECTS);
    return s === 'it' || s === 'this' ? s : `the ${s}`;
  };
  const verb = () => (rng.next() < 0.5 ? 'was' : 'is');
  const adjective = (positive: boolean) => (positive ? pick(POSITIVE_WORDS) : pick(NEGATIVE_WORDS));
  const maybeIntensify = (adj: string) =>
    rng.next() < 0.35 ? `${pick(INTENSIFIERS)} ${adj}` : adj;
  /** A clause whose polarity is `positive`, negated or not. */
  const clause = (positive: boolean, negated: boolean) =>
    negated
      ? `${subject()} ${pick(NEGATIONS)(verb())} ${maybeIntensify(adjective(!positive))}`
      : `${subject()} ${verb()} ${maybeIntensify(adjective(positive))}`;

  const texts: string[] = [];
  const labels = new Int32Array(count);
  const kinds: SynthKind[] = [];
  for (let i = 0; i < count; i++) {
    const positive = rng.next() < 0.5;
    const u = rng.next() * total;
    const kind: SynthKind =
      u < mix.plain ? 'plain' : u < mix.plain + mix.negated ? 'negated' : 'contrast';
    let text: string;
    if (kind === 'contrast') {
      // The first clause says the opposite of the sentence's label: only the order decides.
      const secondNegated = rng.next() < 0.4;
      text = `${clause(!positive, false)} but ${clause(positive, secondNegated)}`;
    } else {
      text = clause(positive, kind === 'negated');
    }
    if (rng.next() < 0.3) text = `${pick(OPENERS)} ${text}`;
    if (rng.next() < 0.5) text += rng.next() < 0.8 ? ' .' : ' !';
    texts.push(text);
    labels[i] = positive ? 1 : 0;
    kinds.push(kind);
  }
  return {
    texts,
    labels,
    labelNames: ['neg', 'pos'],
    format: 'synthetic',
    files: [],
    encoding: 'utf-8',
    fingerprint: dataFingerprint([`synthetic-sentiment:${count}:${seed}:${JSON.stringify(mix)}`]),
    kinds,
  };
}

/** @deprecated Use synthTextCnnSentiment; removed in the next minor. */
export const synthSentiment = synthTextCnnSentiment;

/**
 * Accuracy of bag-of-words polarity counting (positive minus negative lexicon words; a tie
 * counts as half right): what a model that ignores word order and negation can reach.
 */
export function polarityCountAccuracy(
  texts: readonly string[],
  labels: ArrayLike<number>,
  tokenize: (s: string) => string[],
): number {
  const pos = new Set<string>(POSITIVE_WORDS);
  const neg = new Set<string>(NEGATIVE_WORDS);
  let right = 0;
  texts.forEach((t, i) => {
    let score = 0;
    for (const w of tokenize(t)) score += pos.has(w) ? 1 : neg.has(w) ? -1 : 0;
    if (score === 0) right += 0.5;
    else if ((score > 0 ? 1 : 0) === labels[i]) right += 1;
  });
  return right / texts.length;
}

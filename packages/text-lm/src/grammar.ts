import { DlError, dataFingerprint, Rng } from '@dl/core';
import type { LmDataset, TextSplit } from './data';
import { EOS } from './vocabulary';

/** One state of a probabilistic finite-state grammar: what it emits, with what probability, and where each word leads. */
export interface GrammarState {
  name: string;
  /** Emissions; the word `</s>` ends the sentence (its `next` is ignored: back to the start). */
  emit: { word: string; p: number; next?: string }[];
}

/**
 * A probabilistic deterministic finite automaton over words: from each state, each word leads to
 * exactly one next state. So the state after any history is known, and the true probability of
 * every next word — hence the true perplexity of any text it generated — is exact.
 */
export interface Grammar {
  start: string;
  states: GrammarState[];
}

interface Compiled {
  names: string[];
  start: number;
  /** Per state: word → { p, next } */
  table: Map<string, { p: number; next: number }>[];
  /** Per state, cumulative distribution for sampling. */
  words: string[][];
  cdf: Float64Array[];
}

const compiled = new WeakMap<Grammar, Compiled>();

function compile(g: Grammar): Compiled {
  const hit = compiled.get(g);
  if (hit) return hit;
  const names = g.states.map((s) => s.name);
  const index = new Map(names.map((n, i) => [n, i]));
  if (index.size !== names.length)
    throw new DlError('INVALID_ARGUMENT', 'grammar state names must be unique');
  const start = index.get(g.start);
  if (start === undefined)
    throw new DlError('INVALID_ARGUMENT', `start state '${g.start}' is not a state`);
  const table: Compiled['table'] = [];
  const words: string[][] = [];
  const cdf: Float64Array[] = [];
  for (const s of g.states) {
    const row = new Map<string, { p: number; next: number }>();
    let total = 0;
    const c = new Float64Array(s.emit.length);
    s.emit.forEach((e, i) => {
      if (!(e.p > 0))
        throw new DlError(
          'INVALID_ARGUMENT',
          `state ${s.name}: '${e.word}' has probability ${e.p}`,
        );
      if (row.has(e.word)) {
        throw new DlError(
          'INVALID_ARGUMENT',
          `state ${s.name} emits '${e.word}' twice: the grammar must be deterministic`,
        );
      }
      const next = e.word === EOS ? start : index.get(e.next ?? '');
      if (next === undefined) {
        throw new DlError(
          'INVALID_ARGUMENT',
          `state ${s.name}: '${e.word}' leads to unknown state '${e.next}'`,
        );
      }
      row.set(e.word, { p: e.p, next });
      total += e.p;
      c[i] = total;
    });
    if (Math.abs(total - 1) > 1e-9) {
      throw new DlError(
        'INVALID_ARGUMENT',
        `state ${s.name}: probabilities sum to ${total}, not 1`,
      );
    }
    table.push(row);
    words.push(s.emit.map((e) => e.word));
    cdf.push(c);
  }
  const out = { names, start, table, words, cdf };
  compiled.set(g, out);
  return out;
}

/** Solves A·x = b (small, dense) by Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
    if (Math.abs(m[pivot][col]) < 1e-12) {
      throw new DlError('INVALID_ARGUMENT', 'the grammar has states that never end a sentence');
    }
    [m[col], m[pivot]] = [m[pivot], m[col]];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r][col] / m[col][col];
      for (let k = col; k <= n; k++) m[r][k] -= f * m[col][k];
    }
  }
  return m.map((row, i) => row[n] / row[i]);
}

export interface GrammarEntropy {
  /** Expected visits of each state per sentence (= tokens it emits, `</s>` included). */
  visits: Record<string, number>;
  /** Expected tokens per sentence, `</s>` included. */
  tokensPerSentence: number;
  /** The entropy rate: expected −ln p(token | history) per token, in nats. */
  nats: number;
  /** The same in bits. */
  bits: number;
  /** exp(nats): the perplexity a perfect model has on an unboundedly long sample. */
  perplexity: number;
}

/**
 * The grammar's exact per-token entropy. Sentences are independent, each a walk from the start
 * state that ends with `</s>`; each visit to state q emits one token with entropy H(q). With
 * v = expected visits per sentence, v = e_start + Qᵀv (Q: state-to-state probabilities of the
 * words that do not end the sentence), and the entropy per token is Σ v(q)·H(q) / Σ v(q).
 */
export function grammarEntropy(g: Grammar): GrammarEntropy {
  const c = compile(g);
  const n = c.names.length;
  // (I − Qᵀ)·v = e_start
  const a = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)),
  );
  const h = new Array<number>(n).fill(0);
  c.table.forEach((row, from) => {
    for (const [word, { p, next }] of row) {
      h[from] -= p * Math.log(p);
      if (word !== EOS) a[next][from] -= p;
    }
  });
  const e = new Array<number>(n).fill(0);
  e[c.start] = 1;
  const v = solve(a, e);
  const tokens = v.reduce((s, x) => s + x, 0);
  const nats = v.reduce((s, x, i) => s + x * h[i], 0) / tokens;
  return {
    visits: Object.fromEntries(c.names.map((name, i) => [name, v[i]])),
    tokensPerSentence: tokens,
    nats,
    bits: nats / Math.LN2,
    perplexity: Math.exp(nats),
  };
}

/**
 * The true log-probability (nats) of each word of a sentence and of its closing `</s>`, given the
 * history (the grammar's state): length words + 1. −Infinity where the grammar cannot emit it.
 */
export function grammarLogProbs(g: Grammar, words: readonly string[]): Float64Array {
  const c = compile(g);
  const out = new Float64Array(words.length + 1);
  let state = c.start;
  let dead = false;
  [...words, EOS].forEach((w, i) => {
    const e = dead ? undefined : c.table[state].get(w);
    if (!e || (w === EOS && i < words.length)) {
      out[i] = Number.NEGATIVE_INFINITY;
      dead = true;
      return;
    }
    out[i] = Math.log(e.p);
    state = e.next;
  });
  return out;
}

/** Samples sentences (without `</s>`); `maxWords` bounds a runaway walk. */
export function sampleGrammar(g: Grammar, count: number, rng: Rng, maxWords = 200): string[][] {
  const c = compile(g);
  const out: string[][] = [];
  for (let k = 0; k < count; k++) {
    const words: string[] = [];
    let state = c.start;
    for (;;) {
      const u = rng.next();
      const cdf = c.cdf[state];
      let i = 0;
      while (i < cdf.length - 1 && u >= cdf[i]) i++;
      const w = c.words[state][i];
      if (w === EOS || words.length >= maxWords) break;
      words.push(w);
      state = c.table[state].get(w)!.next;
    }
    out.push(words);
  }
  return out;
}

const spread = (words: string[], p: number, next: string) =>
  words.map((word) => ({ word, p: p / words.length, next }));
const skewed = (words: string[], p: number, next: string) => {
  // Zipf-like weights 1, 1/2, 1/3, … so word frequencies are unequal, as in text.
  const w = words.map((_, i) => 1 / (i + 1));
  const total = w.reduce((a, b) => a + b, 0);
  return words.map((word, i) => ({ word, p: (p * w[i]) / total, next }));
};

const NAMES = ['alice', 'bob', 'carol', 'dave', 'erin'];
const ADJECTIVES = ['big', 'small', 'red', 'old', 'happy', 'quiet', 'clever'];
const NOUNS = ['dog', 'cat', 'bird', 'child', 'teacher', 'farmer', 'robot', 'king', 'horse'];
const TRANSITIVE = ['sees', 'likes', 'finds', 'helps', 'follows', 'calls'];
const INTRANSITIVE = ['sleeps', 'runs', 'laughs', 'waits', 'sings'];

/**
 * The synthetic corpus' grammar: 43 word types and `</s>`, 9 states. Subject and object noun
 * phrases share their words (`the big red dog`) but not what follows them — a verb after the
 * subject, the end of the clause after the object — so predicting the word after a noun needs
 * the clause's history, not just the previous word (a bigram model cannot do it). Clauses chain
 * with `and` / `because`, so sentences vary in length.
 */
export function defaultGrammar(): Grammar {
  return {
    start: 'S',
    states: [
      {
        name: 'S',
        emit: [
          { word: 'the', p: 0.3, next: 'SubjDet' },
          { word: 'a', p: 0.2, next: 'SubjDet' },
          { word: 'every', p: 0.1, next: 'SubjDet' },
          ...skewed(NAMES, 0.4, 'Verb'),
        ],
      },
      {
        name: 'SubjDet',
        emit: [...spread(ADJECTIVES, 0.3, 'SubjDet'), ...skewed(NOUNS, 0.7, 'Verb')],
      },
      {
        name: 'Verb',
        emit: [
          ...skewed(TRANSITIVE, 0.6, 'Obj'),
          ...skewed(INTRANSITIVE, 0.3, 'End'),
          { word: 'never', p: 0.1, next: 'Verb' },
        ],
      },
      {
        name: 'Obj',
        emit: [
          { word: 'the', p: 0.5, next: 'ObjDet' },
          { word: 'a', p: 0.2, next: 'ObjDet' },
          ...skewed(NAMES, 0.3, 'End'),
        ],
      },
      {
        name: 'ObjDet',
        emit: [...spread(ADJECTIVES, 0.25, 'ObjDet'), ...skewed([...NOUNS].reverse(), 0.75, 'End')],
      },
      {
        name: 'End',
        emit: [
          { word: EOS, p: 0.55 },
          { word: 'today', p: 0.1, next: 'Final' },
          { word: 'again', p: 0.05, next: 'Final' },
          { word: 'and', p: 0.15, next: 'S' },
          { word: 'because', p: 0.15, next: 'S' },
        ],
      },
      {
        name: 'Final',
        emit: [
          { word: EOS, p: 0.8 },
          { word: 'but', p: 0.2, next: 'But' },
        ],
      },
      {
        name: 'But',
        emit: [{ word: 'not', p: 0.5, next: 'Final2' }, ...skewed(NAMES, 0.5, 'Verb')],
      },
      {
        name: 'Final2',
        emit: [
          { word: 'really', p: 0.4, next: 'End' },
          { word: EOS, p: 0.6 },
        ],
      },
    ],
  };
}

export interface SynthLmOptions {
  /** Sentences per split; default 3000 / 300 / 300. */
  train?: number;
  validation?: number;
  test?: number;
  seed?: number;
  grammar?: Grammar;
}

/** What the generator knows about its own test split. */
export interface GrammarTruth {
  grammar: Grammar;
  entropy: GrammarEntropy;
  /** Mean −ln p_true over the test split's targets (its words and each `</s>`). */
  testNll: number;
  /** exp(testNll): the perplexity the generator itself scores on the test split. */
  testPerplexity: number;
  /** Test targets (words + `</s>`). */
  testTargets: number;
}

/**
 * A synthetic corpus in PTB's shape (one sentence per line), sampled from a probabilistic
 * grammar, with the generator's own exact perplexity on the test split: a model can be judged
 * against the best possible score, not just against another model.
 */
export function synthLmCorpus(options: SynthLmOptions = {}): LmDataset & { truth: GrammarTruth } {
  const grammar = options.grammar ?? defaultGrammar();
  const seed = options.seed ?? 1;
  const rng = new Rng(seed);
  const split = (name: string, n: number): TextSplit => {
    const sentences = sampleGrammar(grammar, n, rng.fork(name));
    return { sentences, lines: sentences.map((_, i) => i + 1), file: null };
  };
  const train = split('train', options.train ?? 3000);
  const validation = split('validation', options.validation ?? 300);
  const test = split('test', options.test ?? 300);
  let sum = 0;
  let count = 0;
  for (const s of test.sentences) {
    for (const lp of grammarLogProbs(grammar, s)) {
      sum -= lp;
      count++;
    }
  }
  return {
    train,
    validation,
    test,
    source: 'synthetic',
    fingerprint: dataFingerprint([
      'synthetic-grammar',
      JSON.stringify(grammar),
      String(seed),
      String(train.sentences.length),
      String(validation.sentences.length),
      String(test.sentences.length),
    ]),
    truth: {
      grammar,
      entropy: grammarEntropy(grammar),
      testNll: sum / count,
      testPerplexity: Math.exp(sum / count),
      testTargets: count,
    },
  };
}

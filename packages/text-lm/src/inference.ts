import { DlError, Rng, tf } from '@dl/core';
import type { LmRegime } from './config';
import { disposeState, type LmState, lmHidden, lmLogits, zeroState } from './forward';
import type { LmParams } from './model';
import { checkSampling, type SamplingOptions, sampleToken } from './sample';
import { BOS_ID, EOS, EOS_ID, type LmVocabulary, PAD_ID, UNK, UNK_ID } from './vocabulary';

/** A text to continue or score: whitespace-separated words, or tokens. */
export type LmContext = string | readonly string[];

export interface NextWordOptions {
  /** How many of the likeliest next words to return. Default 5. */
  topK?: number;
}

/** The likeliest next words after a context, likeliest first. */
export interface NextWords {
  /** The context's tokens, as given. */
  context: string[];
  /** `</s>` stands for "the sentence ends here"; `<pad>` and `<s>` are never predicted. */
  words: { word: string; probability: number; logProb: number }[];
}

export interface GenerateOptions extends SamplingOptions {
  /** Words to continue (whitespace-separated text or tokens); default: a new sentence. */
  prompt?: LmContext;
  /** Stop after this many generated tokens if `</s>` has not come; default 50. */
  maxTokens?: number;
  /** Seeds the draws: the same seed (and model and options) gives the same text. Default 1. */
  seed?: number;
  /** Allow `<unk>` to be generated; default false. */
  allowUnk?: boolean;
}

export interface Generation {
  /** The prompt and the generated words, space-separated (no `</s>`). */
  text: string;
  /** Generated tokens only (including a final `</s>` when the sentence ended). */
  tokens: string[];
  /** Whether the model ended the sentence (generated `</s>`). */
  ended: boolean;
}

export interface TokenScore {
  token: string;
  /** ln p(token | history), nats. */
  logProb: number;
  /** −log₂ p(token | history), bits. */
  surprisal: number;
  /** The word was not in the vocabulary and was scored as `<unk>`. */
  oov: boolean;
}

export interface SentenceScore {
  /** The scored tokens: the sentence's words and the closing `</s>`. */
  tokens: string[];
  /** Total ln-probability of the sentence and its end, nats (natural log). */
  logProb: number;
  /** Total surprisal, bits (= −logProb / ln 2). */
  surprisalBits: number;
  /** exp(−logProb / tokens): the sentence's own perplexity. */
  perplexity: number;
  perToken: TokenScore[];
}

/** A loaded model's weights and vocabulary, and the context its sentences start from. */
export interface LmRunner {
  p: LmParams;
  vocabulary: LmVocabulary;
  /** `<s>` (padded regime) or the previous sentence's `</s>` (stream). */
  startId: number;
}

export const lmRunner = (p: LmParams, vocabulary: LmVocabulary, regime: LmRegime): LmRunner => ({
  p,
  vocabulary,
  startId: regime === 'padded' ? BOS_ID : EOS_ID,
});

export const tokensOf = (s: LmContext): string[] =>
  typeof s === 'string' ? s.trim().split(/\s+/u).filter(Boolean) : [...s];

/** Runs the model one window over `ids` from `state` (batch 1); returns all rows' logits. */
function run(p: LmParams, ids: number[], state: LmState): { logits: Float32Array; state: LmState } {
  return tf.tidy(() => {
    const x = tf.tensor2d(Int32Array.from(ids), [ids.length, 1], 'int32');
    const out = lmHidden(p, x, state, { inference: true });
    const logits = lmLogits(p, out.hidden).dataSync() as Float32Array;
    return { logits, state: out.state.map((s) => ({ h: tf.keep(s.h), c: tf.keep(s.c) })) };
  });
}

/** All rows' logits of one window from a zero state (the state is not needed afterwards). */
function logitsOf(p: LmParams, ids: number[]): Float32Array {
  const state = zeroState(p, 1);
  const r = run(p, ids, state);
  disposeState(state);
  disposeState(r.state);
  return r.logits;
}

function logSoftmaxRow(logits: Float32Array, row: number, vocab: number): (id: number) => number {
  const off = row * vocab;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < vocab; i++) max = Math.max(max, logits[off + i]);
  let sum = 0;
  for (let i = 0; i < vocab; i++) sum += Math.exp(logits[off + i] - max);
  const lse = max + Math.log(sum);
  return (id) => logits[off + id] - lse;
}

/** The `topK` likeliest next words after `context`, from a sentence start. */
export function nextWords(lm: LmRunner, context: LmContext, o: NextWordOptions = {}): NextWords {
  const topK = o.topK ?? 5;
  if (!Number.isInteger(topK) || topK < 1) {
    throw new DlError('INVALID_ARGUMENT', `topK must be a positive integer, got ${topK}`);
  }
  const words = tokensOf(context);
  const ids = [lm.startId, ...words.map((w) => lm.vocabulary.id(w))];
  const V = lm.vocabulary.size;
  const logProb = logSoftmaxRow(logitsOf(lm.p, ids), ids.length - 1, V);
  const candidates = Array.from({ length: V }, (_, id) => id).filter(
    (id) => id !== PAD_ID && id !== BOS_ID,
  );
  const ranked = candidates
    .map((id) => ({ id, lp: logProb(id) }))
    .sort((a, b) => b.lp - a.lp || a.id - b.id)
    .slice(0, topK);
  return {
    context: words,
    words: ranked.map(({ id, lp }) => ({
      word: lm.vocabulary.word(id),
      probability: Math.exp(lp),
      logProb: lp,
    })),
  };
}

/** A sentence's log-probability from a sentence start, `</s>` included, and per token. */
export function scoreSentence(lm: LmRunner, sentence: LmContext): SentenceScore {
  const words = tokensOf(sentence);
  const ids = words.map((w) => lm.vocabulary.id(w));
  const logits = logitsOf(lm.p, [lm.startId, ...ids]);
  const perToken = [...ids, EOS_ID].map((id, t) => {
    const lp = logSoftmaxRow(logits, t, lm.vocabulary.size)(id);
    const token = t < words.length ? words[t] : EOS;
    return { token, logProb: lp, surprisal: -lp / Math.LN2, oov: id === UNK_ID && token !== UNK };
  });
  const logProb = perToken.reduce((s, t) => s + t.logProb, 0);
  return {
    tokens: perToken.map((t) => t.token),
    logProb,
    surprisalBits: -logProb / Math.LN2,
    perplexity: Math.exp(-logProb / perToken.length),
    perToken,
  };
}

/** Samples a continuation of `prompt` token by token, carrying the state (seeded). */
export function generateText(lm: LmRunner, options: GenerateOptions = {}): Generation {
  checkSampling(options);
  const maxTokens = options.maxTokens ?? 50;
  if (!Number.isInteger(maxTokens) || maxTokens < 1) {
    throw new DlError('INVALID_ARGUMENT', `maxTokens must be a positive integer, got ${maxTokens}`);
  }
  const rng = new Rng(options.seed ?? 1);
  const exclude = new Set([PAD_ID, BOS_ID, ...(options.allowUnk ? [] : [UNK_ID])]);
  const prompt = tokensOf(options.prompt ?? '');
  const V = lm.vocabulary.size;
  let state = zeroState(lm.p, 1);
  const out: string[] = [];
  let ended = false;
  try {
    let r = run(lm.p, [lm.startId, ...prompt.map((w) => lm.vocabulary.id(w))], state);
    for (;;) {
      disposeState(state);
      state = r.state;
      const id = sampleToken(r.logits.subarray(r.logits.length - V), options, rng, exclude);
      out.push(lm.vocabulary.word(id));
      if (id === EOS_ID) {
        ended = true;
        break;
      }
      if (out.length >= maxTokens) break;
      r = run(lm.p, [id], state);
    }
  } finally {
    disposeState(state);
  }
  const words = [...prompt, ...out.filter((w) => w !== EOS)];
  return { text: words.join(' '), tokens: out, ended };
}

import { DlError, type DlMeta, loadModelDir, Rng, tf } from '@dl/core';
import { type LmConfig, lmConfig } from './config';
import { parseSentences, type TextSplit } from './data';
import { evaluateEncoded, type LmEvaluation } from './evaluate';
import { disposeState, type LmState, lmHidden, lmLogits, zeroState } from './forward';
import { type LmParams, lmParams } from './model';
import { checkSampling, type SamplingOptions, sampleToken } from './sample';
import { encodeSplit } from './sequences';
import { LM_TASK } from './train';
import { BOS_ID, EOS, EOS_ID, LmVocabulary, PAD_ID, UNK_ID } from './vocabulary';

export interface GenerateOptions extends SamplingOptions {
  /** Words to continue (whitespace-separated text or tokens); default: a new sentence. */
  prompt?: string | readonly string[];
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

export interface LanguageModel {
  meta: DlMeta;
  config: LmConfig;
  vocabulary: LmVocabulary;
  model: tf.LayersModel;
  generate(options?: GenerateOptions): Generation;
  /** Scores a sentence (text or tokens) from the start of a sentence, `</s>` included. */
  score(sentence: string | readonly string[]): SentenceScore;
  /** Perplexity (full softmax, real tokens only) of sentences in the model's regime. */
  perplexity(data: TextSplit | readonly string[]): Promise<LmEvaluation>;
  dispose(): void;
}

const tokensOf = (s: string | readonly string[]) =>
  typeof s === 'string' ? s.trim().split(/\s+/u).filter(Boolean) : [...s];

/** Runs the model one window over `ids` from `state` (batch 1); returns all rows' logits. */
function run(p: LmParams, ids: number[], state: LmState): { logits: Float32Array; state: LmState } {
  return tf.tidy(() => {
    const x = tf.tensor2d(Int32Array.from(ids), [ids.length, 1], 'int32');
    const out = lmHidden(p, x, state);
    const logits = lmLogits(p, out.hidden).dataSync() as Float32Array;
    return { logits, state: out.state.map((s) => ({ h: tf.keep(s.h), c: tf.keep(s.c) })) };
  });
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

/**
 * Loads a model directory saved by trainLm: `generate` (temperature, top-k, top-p, seeded),
 * `score` (total log-probability and per-token surprisal) and `perplexity`.
 */
export async function loadLanguageModel(dir: string): Promise<LanguageModel> {
  const { model, meta } = await loadModelDir(dir, { task: LM_TASK });
  let vocabulary: LmVocabulary;
  let config: LmConfig;
  let p: LmParams;
  try {
    if (!meta.vocabulary?.length)
      throw new DlError('MODEL_INVALID', 'dl.json has no vocabulary', { path: dir });
    vocabulary = new LmVocabulary(meta.vocabulary);
    const saved = (meta.extra?.config ?? {}) as Partial<LmConfig>;
    config = lmConfig(saved.architecture ?? 'lstm', saved);
    p = lmParams(model);
    if (p.vocabSize !== vocabulary.size) {
      throw new DlError(
        'MODEL_INVALID',
        `dl.json lists ${vocabulary.size} words but the model has ${p.vocabSize} outputs`,
        { path: dir },
      );
    }
  } catch (e) {
    model.dispose();
    throw e;
  }
  const V = vocabulary.size;
  // The context a sentence starts from: `<s>` (padded regime) or the previous `</s>` (stream).
  const startId = config.regime === 'padded' ? BOS_ID : EOS_ID;

  const score = (sentence: string | readonly string[]): SentenceScore => {
    const words = tokensOf(sentence);
    const ids = words.map((w) => vocabulary.id(w));
    const inputs = [startId, ...ids];
    const state = zeroState(p, 1);
    const r = run(p, inputs, state);
    disposeState(state);
    disposeState(r.state);
    const targets = [...ids, EOS_ID];
    const perToken = targets.map((id, t) => {
      const lp = logSoftmaxRow(r.logits, t, V)(id);
      const token = t < words.length ? words[t] : EOS;
      return {
        token,
        logProb: lp,
        surprisal: -lp / Math.LN2,
        oov: id === UNK_ID && token !== '<unk>',
      };
    });
    const logProb = perToken.reduce((s, t) => s + t.logProb, 0);
    return {
      tokens: perToken.map((t) => t.token),
      logProb,
      surprisalBits: -logProb / Math.LN2,
      perplexity: Math.exp(-logProb / perToken.length),
      perToken,
    };
  };

  const generate = (options: GenerateOptions = {}): Generation => {
    checkSampling(options);
    const maxTokens = options.maxTokens ?? 50;
    if (!Number.isInteger(maxTokens) || maxTokens < 1) {
      throw new DlError(
        'INVALID_ARGUMENT',
        `maxTokens must be a positive integer, got ${maxTokens}`,
      );
    }
    const rng = new Rng(options.seed ?? 1);
    const exclude = new Set([PAD_ID, BOS_ID, ...(options.allowUnk ? [] : [UNK_ID])]);
    const prompt = tokensOf(options.prompt ?? '');
    let state = zeroState(p, 1);
    const out: string[] = [];
    let ended = false;
    try {
      let r = run(p, [startId, ...prompt.map((w) => vocabulary.id(w))], state);
      for (;;) {
        disposeState(state);
        state = r.state;
        const last = r.logits.subarray(r.logits.length - V);
        const id = sampleToken(last, options, rng, exclude);
        out.push(vocabulary.word(id));
        if (id === EOS_ID) {
          ended = true;
          break;
        }
        if (out.length >= maxTokens) break;
        r = run(p, [id], state);
      }
    } finally {
      disposeState(state);
    }
    const words = [...prompt, ...out.filter((w) => w !== EOS)];
    return { text: words.join(' '), tokens: out, ended };
  };

  return {
    meta,
    config,
    vocabulary,
    model,
    generate,
    score,
    async perplexity(data) {
      const split: TextSplit = Array.isArray(data)
        ? parseSentences((data as readonly string[]).join('\n'))
        : (data as TextSplit);
      return evaluateEncoded(p, encodeSplit(split, vocabulary, 'data'), config);
    },
    dispose() {
      model.dispose();
    },
  };
}

/** Alias of loadLanguageModel, named like the other @dl packages' predictors. */
export const loadLmPredictor = loadLanguageModel;

/** Perplexity and accuracy of a saved model on sentences (full softmax, real tokens only). */
export async function evaluateLm(dir: string, data: TextSplit): Promise<LmEvaluation> {
  const lm = await loadLanguageModel(dir);
  try {
    return await lm.perplexity(data);
  } finally {
    lm.dispose();
  }
}

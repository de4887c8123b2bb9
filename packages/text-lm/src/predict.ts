import { DlError, type DlMeta, disposeOnError, loadModelDir, type tf } from '@dl/core';
import { type LmArchitecture, type LmConfig, type LmRegime, lmConfig } from './config';
import { parseSentences, type TextSplit } from './data';
import {
  type GenerateOptions,
  type Generation,
  generateText,
  type LmContext,
  lmRunner,
  type NextWordOptions,
  type NextWords,
  nextWords,
  type SentenceScore,
  scoreSentence,
} from './inference';
import { type LmParams, lmParams } from './model';
import { evaluateEncoded, type LmEvaluation } from './perplexity';
import { encodeSplit } from './sequences';
import { LM_TASK } from './task';
import { LmVocabulary } from './vocabulary';

/** What a saved model is, from its dl.json. */
export interface LmInfo {
  task: string;
  architecture: LmArchitecture;
  regime: LmRegime;
  vocabularySize: number;
  parameters: number;
  /** The held-out scores saved at training (validation and test perplexity, accuracy…). */
  metrics: Record<string, number>;
  seed?: number;
  /** The package and version that trained it. */
  trainedBy: { name: string; version: string };
}

/**
 * A loaded language model: the predictor verbs of every @dl package (`predict` is the next
 * word) and the LM's own `generate`, `score` and `perplexity`.
 */
export interface LmPredictor {
  info: LmInfo;
  /** The likeliest next words after `context`, read from a sentence start. */
  predict(context: LmContext, options?: NextWordOptions): NextWords;
  /** `predict` for each context, in order. */
  predictBatch(contexts: readonly LmContext[], options?: NextWordOptions): NextWords[];
  /** Samples a sentence (or continues `prompt`): temperature, top-k, top-p, seeded. */
  generate(options?: GenerateOptions): Generation;
  /** Scores a sentence (text or tokens) from the start of a sentence, `</s>` included. */
  score(sentence: LmContext): SentenceScore;
  /** Perplexity (full softmax, real tokens only) of sentences in the model's regime. */
  perplexity(data: TextSplit | readonly string[]): Promise<LmEvaluation>;
  meta: DlMeta;
  config: LmConfig;
  vocabulary: LmVocabulary;
  /** The plain TF.js layers model (softmax outputs, scores a sequence from a zero state). */
  model: tf.LayersModel;
  dispose(): void;
}

/** @deprecated Use LmPredictor; removed in the next minor. */
export type LanguageModel = LmPredictor;

/** The vocabulary, config and weights a model directory holds, checked against each other. */
function readModel(dir: string, model: tf.LayersModel, meta: DlMeta) {
  if (!meta.vocabulary?.length) {
    throw new DlError('MODEL_INVALID', 'dl.json has no vocabulary', { path: dir });
  }
  const vocabulary = new LmVocabulary(meta.vocabulary);
  const saved = (meta.extra?.config ?? {}) as Partial<LmConfig>;
  const config = lmConfig(saved.architecture, saved);
  const p: LmParams = lmParams(model);
  if (p.vocabSize !== vocabulary.size) {
    throw new DlError(
      'MODEL_INVALID',
      `dl.json lists ${vocabulary.size} words but the model has ${p.vocabSize} outputs`,
      { path: dir },
    );
  }
  return { vocabulary, config, p };
}

const infoOf = (meta: DlMeta, config: LmConfig, model: tf.LayersModel): LmInfo => ({
  task: meta.task,
  architecture: config.architecture,
  regime: config.regime,
  vocabularySize: meta.vocabulary?.length ?? 0,
  parameters: model.countParams(),
  metrics: meta.metrics ?? {},
  seed: meta.seed,
  trainedBy: meta.package,
});

/**
 * Loads a model directory saved by trainLm: `predict` (the likeliest next words), `generate`
 * (temperature, top-k, top-p, seeded), `score` (total log-probability and per-token surprisal)
 * and `perplexity`.
 */
export async function loadLmPredictor(dir: string): Promise<LmPredictor> {
  const { model, meta } = await loadModelDir(dir, { task: LM_TASK });
  const { vocabulary, config, p } = await disposeOnError(
    async () => readModel(dir, model, meta),
    () => model.dispose(),
  );
  const lm = lmRunner(p, vocabulary, config.regime);
  return {
    info: infoOf(meta, config, model),
    predict: (context, options) => nextWords(lm, context, options),
    predictBatch: (contexts, options) => contexts.map((c) => nextWords(lm, c, options)),
    generate: (options) => generateText(lm, options),
    score: (sentence) => scoreSentence(lm, sentence),
    async perplexity(data) {
      const split: TextSplit = Array.isArray(data)
        ? parseSentences((data as readonly string[]).join('\n'))
        : (data as TextSplit);
      return evaluateEncoded(p, encodeSplit(split, vocabulary, 'data'), config);
    },
    meta,
    config,
    vocabulary,
    model,
    dispose() {
      model.dispose();
    },
  };
}

/** @deprecated Use loadLmPredictor; removed in the next minor. */
export const loadLanguageModel = loadLmPredictor;

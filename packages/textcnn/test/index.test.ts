import * as api from '@dl/textcnn';
import { describe, expect, it } from 'vitest';

describe('@dl/textcnn public surface', () => {
  it('exports exactly these names (changing the surface is deliberate)', () => {
    expect(Object.keys(api).sort()).toEqual([
      'DEFAULT_MAX_LEN',
      'MaxNormCallback',
      'NBSVM_DEFAULTS',
      'NBSVM_TASK',
      'NgramIndicators',
      'PAD',
      'PAD_ID',
      'TEXTCNN_ARCHITECTURES',
      'TEXTCNN_DEFAULTS',
      'TEXTCNN_KIM_RECIPE',
      'TEXTCNN_LEARNING_RATES',
      'TEXTCNN_SEED_DEFAULTS',
      'TEXTCNN_TASK',
      'TEXTCNN_VARIANTS',
      'TEXT_MODEL_KINDS',
      'TFIDF_DEFAULTS',
      'TFIDF_TASK',
      'TfidfVectorizer',
      'UNK',
      'UNK_ID',
      'Vocabulary',
      'applyMaxNorm',
      'buildTextCnnModel',
      'buildTextCnnSeedModel',
      'cleanText',
      'compareTextClassifiers',
      'compileTextCnnModel',
      'countTrainableParams',
      'evaluateTextClassifier',
      'evaluateTextCnn',
      'fitLogisticRegression',
      'fitNbSvm',
      'loadSentenceDataset',
      'loadTextClassifier',
      'loadTextCnnDataset',
      'loadTextCnnPredictor',
      'loadWordVectors',
      'logCountRatio',
      'ngrams',
      'polarityCountAccuracy',
      'sentenceFolds',
      'subsetSentences',
      'synthSentiment',
      'synthTextCnnSentiment',
      'tokenize',
      'trainTextClassifier',
      'trainTextCnn',
    ]);
  });

  it('keeps the old names one minor release, as the same functions', () => {
    expect(api.trainTextClassifier).toBe(api.trainTextCnn);
    expect(api.loadTextClassifier).toBe(api.loadTextCnnPredictor);
    expect(api.loadSentenceDataset).toBe(api.loadTextCnnDataset);
    expect(api.synthSentiment).toBe(api.synthTextCnnSentiment);
  });
});

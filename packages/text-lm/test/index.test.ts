import * as api from '@dl/text-lm';
import { describe, expect, it } from 'vitest';

describe('@dl/text-lm public surface', () => {
  it('exports exactly these names (changing the surface is deliberate)', () => {
    expect(Object.keys(api).sort()).toEqual([
      'BOS',
      'BOS_ID',
      'ClippedSgdOptimizer',
      'DEFAULT_MAX_VOCAB',
      'EOS',
      'EOS_ID',
      'LM_DEFAULTS',
      'LM_SEED_DEFAULTS',
      'LM_TASK',
      'LmVocabulary',
      'LogUniformSampler',
      'PAD',
      'PAD_ID',
      'PTB_FILES',
      'SEED_LM',
      'UNK',
      'UNK_ID',
      'buildLmModel',
      'buildLmSeedModel',
      'checkpointDir',
      'defaultGrammar',
      'disposeState',
      'encodeSplit',
      'evaluateLm',
      'grammarEntropy',
      'grammarLogProbs',
      'lmConfig',
      'lmHidden',
      'lmLogits',
      'lmParams',
      'lmVariables',
      'loadLanguageModel',
      'loadLmDataset',
      'loadLmPredictor',
      'loadPtbDataset',
      'loadTextSplit',
      'maskedSoftmaxNll',
      'outputNll',
      'paddedBatches',
      'paddedRows',
      'parseSentences',
      'sampleGrammar',
      'sampleToken',
      'sampledSoftmaxNll',
      'samplingDistribution',
      'streamBatches',
      'syncTiedOutput',
      'synthLmCorpus',
      'tokenNll',
      'trainLm',
      'zeroState',
    ]);
  });

  it('keeps the old names one minor release, as aliases of the new ones', () => {
    expect(api.loadLanguageModel).toBe(api.loadLmPredictor);
    expect(api.loadPtbDataset).toBe(api.loadLmDataset);
    expect(api.checkpointDir('runs/ptb')).toBe('runs/ptb.checkpoints');
    // 'lstm' was the default architecture's name.
    expect(api.lmConfig('lstm')).toEqual(api.lmConfig('default'));
    expect(api.lmConfig().architecture).toBe('default');
    expect(() => api.lmConfig('gru' as 'default')).toThrow(
      /architecture must be 'default' or 'seed'/,
    );
  });
});

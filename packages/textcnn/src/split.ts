import { type Rng, stratifiedSplit } from '@dl/core';
import { alignLabels, type SentenceDataset, subsetSentences } from './data';

/** The three sets a trainer works with. */
export interface SentenceSplits {
  /** The fractions of `data` actually held out (test is 0 with a separate test set). */
  fractions: { validation: number; test: number };
  train: SentenceDataset;
  validation: SentenceDataset;
  test: SentenceDataset;
}

/**
 * Train / validation / test splits of `data` (stratified, seeded by `rng`'s 'split' fork);
 * a given `testData` is the test set instead, its labels in `data`'s class order (and with no
 * validation fraction, `data` is the training set as it is).
 */
export function splitSentences(
  o: { data: SentenceDataset; testData?: SentenceDataset; validation: number; test: number },
  rng: Rng,
): SentenceSplits {
  const validation = o.validation;
  const test = o.testData ? 0 : o.test;
  if (o.testData && validation === 0) {
    // Nothing held out of `data`: it trains whole, in its own order (and fingerprint).
    const empty = subsetSentences(o.data, []);
    return {
      fractions: { validation, test },
      train: o.data,
      validation: empty,
      test: alignLabels(o.testData, o.data.labelNames),
    };
  }
  const split = stratifiedSplit(
    o.data.labels,
    { train: 1 - validation - test, validation, test },
    rng.fork('split'),
  );
  return {
    fractions: { validation, test },
    train: subsetSentences(o.data, split.train),
    validation: subsetSentences(o.data, split.validation),
    test: o.testData
      ? alignLabels(o.testData, o.data.labelNames)
      : subsetSentences(o.data, split.test),
  };
}

import { Rng } from '@dl/core';
import { fitLogisticRegression, type LogisticRegressionFit } from './logreg';
import type { ResolvedTfidfOptions } from './resolve-options';
import { crossValidateC } from './select-c';
import type { SentenceSplits } from './split';
import { TFIDF_TASK, type TfidfPreprocessing, type TrainTextCnnResult } from './task';
import { TfidfVectorizer } from './tfidf';
import { tokenize } from './tokenize';
import { finishLinear, heldOutAccuracy, pick } from './train-linear';

/**
 * The course's spam-SMS detector as a baseline under the TextCNN API: TF-IDF (smooth idf, L2
 * rows, unigrams + bigrams by default) and multinomial logistic regression with L2, fitted on
 * the training split. C is chosen by k-fold cross-validation on the training split (each fold
 * fits its own TF-IDF on its training part), unless `c` is given; the refit on the whole
 * training split is the model.
 */
export async function trainTfidf(
  o: ResolvedTfidfOptions,
  sets: SentenceSplits,
): Promise<TrainTextCnnResult> {
  const classes = o.data.labelNames.length;
  const tokens = sets.train.texts.map(tokenize);
  const labels = sets.train.labels;
  const cSelection =
    o.c === undefined
      ? crossValidateC(
          labels,
          { grid: o.cGrid, folds: o.cvFolds, rng: new Rng(o.seed).fork('c-folds') },
          (train, test) => {
            const docs = pick(tokens, train);
            const vectorizer = TfidfVectorizer.fit(docs, o);
            const rows = docs.map((d) => vectorizer.transform(d));
            const y = pick(labels, train);
            const accuracy = heldOutAccuracy(
              pick(tokens, test).map((d) => vectorizer.transform(d)),
              pick(labels, test),
            );
            let warm: LogisticRegressionFit | undefined;
            return ({ c }) => {
              warm = fitLogisticRegression(rows, y, vectorizer.size, classes, {
                ...o,
                c,
                init: warm,
              });
              return accuracy({ kernel: warm.weights, bias: warm.bias });
            };
          },
        )
      : null;
  const c = cSelection?.c ?? (o.c as number);
  const vectorizer = TfidfVectorizer.fit(tokens, o);
  const fit = fitLogisticRegression(
    tokens.map((d) => vectorizer.transform(d)),
    labels,
    vectorizer.size,
    classes,
    { ...o, c },
  );
  const preprocessing: TfidfPreprocessing = {
    tokenizer: 'kim-clean-str',
    maxNgram: vectorizer.maxNgram,
    idf: 'smooth',
    norm: 'l2',
  };
  return finishLinear({
    o,
    sets,
    fit: { kernel: fit.weights, bias: fit.bias, loss: fit.loss },
    features: vectorizer.size,
    transform: (t) => vectorizer.transform(t),
    terms: vectorizer.selection!,
    cSelection,
    meta: {
      task: TFIDF_TASK,
      vocabulary: [...vectorizer.terms],
      preprocessing: { ...preprocessing },
      extra: {
        idf: Array.from(vectorizer.idf),
        solver: o.solver,
        ...(o.solver === 'adam' ? { learningRate: o.learningRate } : {}),
      },
    },
    title: 'TF-IDF + logistic regression',
  });
}

import { describe, expect, it } from 'vitest';
import { fitLogisticRegression } from '../src/logreg';
import { ngrams } from '../src/terms';
import { TfidfVectorizer } from '../src/tfidf';

describe('TfidfVectorizer (scikit-learn defaults)', () => {
  const docs = [
    ['good', 'film'],
    ['bad', 'film'],
    ['good', 'good', 'plot'],
  ];

  it('uses smooth idf ln((1+n)/(1+df))+1 and unit L2 rows', () => {
    const v = TfidfVectorizer.fit(docs, { maxNgram: 1 });
    expect(v.terms).toEqual(['bad', 'film', 'good', 'plot']);
    const idf = (df: number) => Math.log(4 / (1 + df)) + 1;
    expect(Array.from(v.idf)).toEqual([idf(1), idf(2), idf(2), idf(1)].map(Math.fround));
    const row = v.transform(['good', 'good', 'plot']);
    expect(Array.from(row.indices)).toEqual([2, 3]);
    const [a, b] = [2 * idf(2), idf(1)];
    const n = Math.hypot(a, b);
    expect(row.values[0]).toBeCloseTo(a / n, 6);
    expect(row.values[1]).toBeCloseTo(b / n, 6);
    expect(v.transform(['unseen']).indices).toHaveLength(0);
  });

  it('adds bigrams and caps features by document frequency', () => {
    expect(ngrams(['not', 'very', 'good'], 2)).toEqual([
      'not',
      'very',
      'good',
      'not very',
      'very good',
    ]);
    const v = TfidfVectorizer.fit(docs, { maxNgram: 2, maxFeatures: 3 });
    // film and good (df 2), then the first df-1 term in code-point order; listed sorted.
    expect(v.terms).toEqual(['bad', 'film', 'good']);
    expect(TfidfVectorizer.fit(docs).terms).toContain('good plot');
  });
});

describe('fitLogisticRegression', () => {
  it('separates classes and lowers the loss deterministically', () => {
    const v = TfidfVectorizer.fit(
      [
        ['spam', 'win'],
        ['free', 'win'],
        ['hello', 'friend'],
        ['see', 'you'],
      ],
      { maxNgram: 1 },
    );
    const rows = [
      ['spam', 'win'],
      ['free', 'win'],
      ['hello', 'friend'],
      ['see', 'you'],
    ].map((d) => v.transform(d));
    const fit = fitLogisticRegression(rows, [1, 1, 0, 0], v.size, 2, { iterations: 100, c: 100 });
    expect(fit.loss.at(-1)!).toBeLessThan(fit.loss[0] / 4);
    const logit = (doc: string[], c: number) => {
      const r = v.transform(doc);
      return (
        fit.bias[c] +
        Array.from(r.indices).reduce((s, f, k) => s + r.values[k] * fit.weights[f * 2 + c], 0)
      );
    };
    expect(logit(['win'], 1)).toBeGreaterThan(logit(['win'], 0));
    expect(logit(['friend'], 0)).toBeGreaterThan(logit(['friend'], 1));
    expect(
      fitLogisticRegression(rows, [1, 1, 0, 0], v.size, 2, { iterations: 100, c: 100 }).weights,
    ).toEqual(fit.weights);
  });
});

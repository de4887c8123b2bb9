import { DlError } from '@dl/core';
import type { FaceDataset } from './data';
import { evaluateSamples } from './evaluate-samples';
import { loadFacePredictor } from './predict';
import type { FaceEvaluation } from './task';

/**
 * Scores a saved model on every image of `data` (closed set): accuracy, per-class P/R/F1 and
 * accuracy per person. People are matched by name, so the data set may list them in another
 * order or hold only some of them; a person the model never learnt is refused, named.
 */
export async function evaluateFace(dir: string, data: FaceDataset): Promise<FaceEvaluation> {
  const predictor = await loadFacePredictor(dir);
  try {
    const { labels, preprocessing } = predictor.info;
    const known = new Map(labels.map((l, i) => [l, i]));
    const strangers = data.people.filter((p) => !known.has(p));
    if (strangers.length > 0) {
      throw new DlError(
        'DATA_INVALID',
        `the model does not know ${strangers.length} of these people (${strangers.slice(0, 5).join(', ')}); it knows ${labels.slice(0, 8).join(', ')}${labels.length > 8 ? ', …' : ''}`,
        { path: dir },
      );
    }
    if (data.samples.length === 0) throw new DlError('DATA_INVALID', 'no images to evaluate');
    return await evaluateSamples(
      predictor.model,
      data.samples,
      preprocessing,
      labels,
      (s) => known.get(data.people[s.label])!,
    );
  } finally {
    predictor.dispose();
  }
}

import type { TextSplit } from './data';
import type { LmEvaluation } from './perplexity';
import { loadLmPredictor } from './predict';

/**
 * Perplexity and next-word accuracy of a saved model on sentences (a split, or one sentence a
 * string): full softmax, real tokens only, in the regime the model was trained in.
 */
export async function evaluateLm(
  artifactDir: string,
  data: TextSplit | readonly string[],
): Promise<LmEvaluation> {
  const lm = await loadLmPredictor(artifactDir);
  try {
    return await lm.perplexity(data);
  } finally {
    lm.dispose();
  }
}

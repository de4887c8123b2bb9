import { checkClassIds, checkNonEmpty, checkNumClasses, checkSameLength } from './validate';

/**
 * `numClasses × numClasses` counts: `matrix[t][p]` is how many samples of true class `t` were
 * predicted as `p` (rows = true, columns = predicted, as in sklearn). Per-batch matrices can be
 * summed element-wise and fed to `classificationMetricsFromConfusion`.
 */
export function confusionMatrix(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  numClasses: number,
): number[][] {
  const where = 'confusionMatrix';
  checkNumClasses(where, numClasses);
  checkNonEmpty(where, 'yTrue', yTrue);
  checkSameLength(where, 'yTrue', yTrue, 'yPred', yPred);
  checkClassIds(where, 'yTrue', yTrue, numClasses);
  checkClassIds(where, 'yPred', yPred, numClasses);
  const matrix = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < yTrue.length; i++) matrix[yTrue[i]][yPred[i]]++;
  return matrix;
}

import { architectureOf, type TextCnnArchitecture, type TextModelKind } from './task';
import type {
  TextCnnDataOptions,
  TextCnnLinearOptions,
  TextCnnNetworkOptions,
  TrainTextCnnKimOptions,
  TrainTextCnnNbsvmOptions,
  TrainTextCnnOptions,
} from './train-options';

/**
 * Every option of every architecture in one object, the model named by `model`: the shape of
 * compareTextClassifiers (which trains several architectures from one set of options) and of
 * the deprecated TrainTextOptions. `learningRate` is the CNNs'; the baselines keep their own.
 */
export interface FlatTextCnnOptions
  extends TextCnnNetworkOptions,
    Pick<TrainTextCnnKimOptions, 'filters' | 'filterWidths' | 'maxNorm' | 'recipe'>,
    Pick<
      TextCnnLinearOptions,
      'maxNgram' | 'minDf' | 'maxFeatures' | 'c' | 'cGrid' | 'cvFolds' | 'iterations' | 'tolerance'
    >,
    Pick<TrainTextCnnNbsvmOptions, 'alpha' | 'beta' | 'betaGrid'> {
  model: TextCnnArchitecture | TextModelKind;
}

/**
 * @deprecated Use TrainTextCnnOptions: `architecture` instead of `model` ('cnn-seed' is now
 * 'seed'), CNN-only and TF-IDF-only fields on their own branch. Removed in the next minor.
 */
export type TrainTextOptions = FlatTextCnnOptions & { model: TextModelKind };

/** Whether `o` is the flat shape (it names its model with `model`). */
export function isFlatOptions(
  o: TrainTextCnnOptions | FlatTextCnnOptions,
): o is FlatTextCnnOptions {
  return 'model' in o && o.model !== undefined;
}

/** The flat options as the branch of TrainTextCnnOptions their `model` selects. */
export function fromFlatOptions(o: FlatTextCnnOptions): TrainTextCnnOptions {
  const architecture = architectureOf(o.model);
  const shared: TextCnnDataOptions & { outDir: string; seed?: number } = {
    data: o.data,
    testData: o.testData,
    validation: o.validation,
    test: o.test,
    outDir: o.outDir,
    seed: o.seed,
  };
  if (architecture === 'tfidf' || architecture === 'nbsvm') {
    const linear: TextCnnLinearOptions = {
      ...shared,
      // Passed on so that trainTextCnn can say why it refuses it.
      resume: o.resume as false | undefined,
      progress: o.progress,
      progressOut: o.progressOut,
      maxNgram: o.maxNgram,
      minDf: o.minDf,
      maxFeatures: o.maxFeatures,
      c: o.c,
      cGrid: o.cGrid,
      cvFolds: o.cvFolds,
      iterations: o.iterations,
      tolerance: o.tolerance,
    };
    return architecture === 'tfidf'
      ? { ...linear, architecture }
      : { ...linear, architecture, alpha: o.alpha, beta: o.beta, betaGrid: o.betaGrid };
  }
  const network: TextCnnNetworkOptions = {
    ...shared,
    epochs: o.epochs,
    batchSize: o.batchSize,
    resume: o.resume,
    progress: o.progress,
    progressOut: o.progressOut,
    embeddingsFile: o.embeddingsFile,
    maxLen: o.maxLen,
    minCount: o.minCount,
    maxVocab: o.maxVocab,
    embeddingDim: o.embeddingDim,
    dropout: o.dropout,
    optimizer: o.optimizer,
    learningRate: o.learningRate,
    selectBy: o.selectBy,
    patience: o.patience,
  };
  if (architecture === 'seed') return { ...network, architecture };
  return {
    ...network,
    architecture,
    filters: o.filters,
    filterWidths: o.filterWidths,
    maxNorm: o.maxNorm,
    recipe: o.recipe,
  };
}

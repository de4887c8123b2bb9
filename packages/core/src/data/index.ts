export { type ClassBalance, classBalance, formatClassBalance } from './balance';
export { type Fold, kFold } from './kfold';
export { LabelMap } from './label-map';
export { indicesByClass, type SplitFractions, type SplitIndices, stratifiedSplit } from './split';
export { type StreamOptions, type StreamSample, streamDataset } from './stream';
export { batchIndices, oneHotLabels, sampleCount, type TensorData, takeSamples } from './tensors';

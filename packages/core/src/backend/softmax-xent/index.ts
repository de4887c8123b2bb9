export {
  registerSoftmaxCrossEntropyKernels,
  SOFTMAX_CROSS_ENTROPY,
  softmaxCrossEntropy,
  softmaxCrossEntropyAvailable,
  useFusedSoftmaxCrossEntropy,
} from './kernels';

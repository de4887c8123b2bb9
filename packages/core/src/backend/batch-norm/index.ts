export {
  BN_TRAINING,
  BN_TRAINING_GRAD,
  batchNormTraining,
  registerBatchNormKernels,
} from './kernels';
export { installFusedBatchNorm, useFusedBatchNorm } from './layer';

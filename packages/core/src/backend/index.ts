export { batchNormTraining, useFusedBatchNorm } from './batch-norm';
export {
  BACKEND_ORDER,
  type BackendCandidate,
  type BackendChoice,
  type BackendDeps,
  type BackendName,
  type BackendPreference,
  currentBackend,
  type InitBackendOptions,
  initBackend,
  parsePreference,
} from './init';
export { lstmCell, lstmCellAvailable, lstmCellGrad, useFusedLstmCell } from './lstm-cell';
export {
  softmaxCrossEntropy,
  softmaxCrossEntropyAvailable,
  useFusedSoftmaxCrossEntropy,
} from './softmax-xent';
export {
  clippedSgdStep,
  type MatMulPlan,
  planMatMul,
  registerWasmTrainingKernels,
  WASM_TRAINING_KERNELS,
} from './wasm';

export { clippedSgdStep } from './clipped-sgd';
export { type MatMulPlan, planMatMul } from './matmul';
export { registerWasmTrainingKernels, WASM_TRAINING_KERNELS } from './register';
export { registerStockWasmBackend, registerThreadedWasmBackend, wasmThreadsInUse } from './threads';

export {
  CheckpointCallback,
  EarlyStoppingCallback,
  LrScheduleCallback,
  type MonitorMode,
  monitorMode,
  NanGuardCallback,
} from './callbacks';
export {
  evaluateClassifier,
  predictClasses,
  type RankedPrediction,
  rankPredictions,
} from './evaluate';
export { appendHistory, type History } from './history';
export { maskedCategoricalCrossentropy, maskedSparseSoftmaxCrossEntropy } from './masked-loss';
export { ProgressCallback, type ProgressMode } from './progress';
export { type ResumePoint, resumeFromCheckpoint, sameRunCheck } from './resume';
export {
  cosineDecay,
  exponentialDecay,
  type LrSchedule,
  setLearningRate,
  stepDecay,
  warmup,
} from './schedules';
export type { CheckpointSettings, LoopControlOptions } from './session';
export type { Sink } from './sink';
export {
  clipByGlobalNorm,
  type StepLoopOptions,
  type StepLoopResult,
  trainSteps,
} from './step-loop';
export {
  disposeOnError,
  type TaskTrainOptions,
  type TaskTrainResult,
} from './task-options';
export { type StopReason, type TrainOptions, type TrainResult, trainModel } from './train';

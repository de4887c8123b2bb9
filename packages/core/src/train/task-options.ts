import type { ProgressMode } from './progress';
import type { StopReason } from './session';
import type { Sink } from './sink';

/**
 * The options every task trainer (`trainPlate`, `trainSpeech`, `trainTextCnn`, `trainLm`, …)
 * shares; each task's options type extends it with its own fields and its `architecture`.
 */
export interface TaskTrainOptions {
  /**
   * Where the trained model directory goes. It must not exist, or be a @dl model directory (one
   * with `dl.json`), which is replaced atomically once the new model is complete; anything else
   * (a file, a folder with other files, `.`) is refused before any work. Checkpoints (best and
   * last, with optimizer state) go to `checkpointDirFor(outDir)` = `${outDir}.checkpoints`.
   */
  outDir: string;
  /** Passes over the training data; each task documents its default. */
  epochs?: number;
  /** Examples per gradient step; each task documents its default. */
  batchSize?: number;
  /** Seeds the split, initialisation, shuffling, augmentation and dropout (default 1). */
  seed?: number;
  /**
   * Continue an interrupted run from `${outDir}.checkpoints/last` (weights, optimizer state,
   * epoch, history and the best validation score so far) instead of starting over, with the
   * run's own data, seed and options; `epochs` may be raised to train longer. A checkpoint of
   * another run is refused, naming what differs. Default false.
   */
  resume?: boolean;
  /** 'auto' (default: a bar on a TTY, plain lines otherwise), 'bar', 'plain', 'json' or 'silent'. */
  progress?: ProgressMode;
  /** Where progress goes (default process.stderr). */
  progressOut?: Sink;
}

/** What every task trainer returns; `metrics` are the task's held-out scores of the saved model. */
export interface TaskTrainResult<M extends object = Record<string, number>> {
  artifactDir: string;
  history: Record<string, number[]>;
  metrics: M;
  stopReason: StopReason;
  /** How training ended, in words (resumed, early stop, divergence, where checkpoints are). */
  message: string;
}

/**
 * Runs `work`; if it throws, calls `dispose` (free tensors, models) and rethrows, so a failed
 * run leaks nothing. On success the caller still owns what `dispose` would free.
 */
export async function disposeOnError<T>(work: () => Promise<T>, dispose: () => void): Promise<T> {
  try {
    return await work();
  } catch (e) {
    dispose();
    throw e;
  }
}

import { dirname } from 'node:path';
import { DlError } from '../errors';
import { acquireLock, type HeldLock } from './lock';
import { assertReplaceable } from './ownership';
import { assertCanCreate, assertCanWriteInside, ensureDir } from './writable';

/**
 * The checkpoint directory (best/ and last/) of a run whose model goes to `outDir`. A trailing
 * slash is ignored: `m/` must not put the checkpoints inside the model directory.
 */
export const checkpointDirFor = (outDir: string): string =>
  `${outDir.replace(/(.)[\\/]+$/, '$1')}.checkpoints`;

/**
 * A run's hold on its output: the model directory and its checkpoint directory were checked
 * (absent or ours, writable) and are locked against a second run until `release()`.
 */
export interface OutputClaim {
  outDir: string;
  checkpointDir: string;
  /** Things the claim did that a user should hear of (a stale lock taken over); also sent to onNote. */
  notes: string[];
  /** Drops the locks; idempotent. */
  release(): Promise<void>;
}

export interface ClaimOptions {
  /** The run continues from its checkpoints (which must then exist and be ours). */
  resume?: boolean;
  /**
   * Receives each note (see OutputClaim.notes) as one line. Default: written to stderr, so a
   * takeover is never silent; pass a function to route notes into your progress output.
   */
  onNote?: (note: string) => void;
}

/** With resume the checkpoints must be there (and ours); without, absent, empty or ours. */
async function checkCheckpoints(checkpointDir: string, resume: boolean): Promise<void> {
  const state = await assertReplaceable(checkpointDir, 'checkpoints');
  if (resume && state.kind !== 'checkpoints') {
    throw new DlError(
      'FILE_NOT_FOUND',
      `no checkpoint to resume from: ${checkpointDir} is absent or empty; train without resume first`,
      { path: checkpointDir },
    );
  }
  if (state.kind !== 'absent') await assertCanWriteInside(checkpointDir);
}

function takeLocks(paths: string[]): HeldLock[] {
  const locks: HeldLock[] = [];
  try {
    for (const p of paths) locks.push(acquireLock(p));
  } catch (e) {
    for (const l of locks) l.release();
    throw e;
  }
  return locks;
}

/**
 * Claims `outDir` (and `${outDir}.checkpoints`) for a training run, before any work: refuses a
 * path that is not ours (an existing file, a folder with user files, the current directory),
 * checks writability with a probe file, creates missing parent folders, and takes the locks
 * `<outDir>.lock` and `<checkpointDir>.lock` (pid, host, start time). A live run's lock is
 * refused naming it; a stale one (same host, process gone) is taken over, with a note. Every
 * failure is a DlError naming the path: OUTPUT_EXISTS, OUTPUT_NOT_WRITABLE, OUTPUT_LOCKED,
 * FILE_NOT_FOUND (resume without checkpoints) or INVALID_ARGUMENT.
 */
export async function claimModelOutput(
  outDir: string,
  options: ClaimOptions = {},
): Promise<OutputClaim> {
  if (typeof outDir !== 'string' || outDir.trim() === '') {
    throw new DlError(
      'INVALID_ARGUMENT',
      `outDir must be a non-empty path, got ${JSON.stringify(outDir)}`,
    );
  }
  const checkpointDir = checkpointDirFor(outDir);
  await assertReplaceable(outDir, 'model');
  await checkCheckpoints(checkpointDir, options.resume ?? false);
  await assertCanCreate(outDir);
  await ensureDir(dirname(outDir)); // the locks sit beside the output
  const locks = takeLocks([outDir, checkpointDir]);
  const notes = locks.flatMap((l) => (l.note ? [l.note] : []));
  const onNote = options.onNote ?? ((n: string) => process.stderr.write(`note: ${n}\n`));
  for (const n of notes) onNote(n);
  return {
    outDir,
    checkpointDir,
    notes,
    release: async () => {
      for (const l of locks) l.release();
    },
  };
}

/**
 * Claims the output, runs `work`, and releases the claim whatever happens. The one wrapper
 * every task trainer uses, so checks and locks live in one place.
 */
export async function withModelOutput<T>(
  outDir: string,
  options: ClaimOptions,
  work: (claim: OutputClaim) => Promise<T>,
): Promise<T> {
  const claim = await claimModelOutput(outDir, options);
  try {
    return await work(claim);
  } finally {
    await claim.release();
  }
}

/** The checkpoint directory (best/ and last/) of a run whose model goes to `outDir`. */
export const checkpointDirFor = (outDir: string): string => `${outDir}.checkpoints`;

/**
 * A run's hold on its output: the model directory and its checkpoint directory were checked
 * (absent or ours, writable) and are locked against a second run until `release()`.
 */
export interface OutputClaim {
  outDir: string;
  checkpointDir: string;
  /** Drops the locks; idempotent. */
  release(): Promise<void>;
}

export interface ClaimOptions {
  /** The run continues from its checkpoints (which must then exist and be ours). */
  resume?: boolean;
}

/**
 * Claims `outDir` (and `${outDir}.checkpoints`) for a training run, before any work: refuses a
 * path that is not ours, checks writability, takes the locks. Every failure is a DlError naming
 * the path.
 */
export async function claimModelOutput(
  outDir: string,
  _options: ClaimOptions = {},
): Promise<OutputClaim> {
  // TODO(issue 13): ownership check, writability probe, locks.
  return { outDir, checkpointDir: checkpointDirFor(outDir), release: async () => {} };
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

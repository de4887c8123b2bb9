import { claimModelOutput } from '@dl/core';
import type { FlagSpec } from '../framework/flags';

/**
 * Checks a training run's --out (ours or absent, writable, not held by another run) and lets
 * it go again, before the CLI loads or synthesises data: a bad --out fails in a moment, not
 * after minutes of data preparation. The trainer claims it for real when it starts.
 */
export async function preflightOutput(outDir: string, resume: boolean): Promise<void> {
  const claim = await claimModelOutput(outDir, { resume, onNote: () => {} });
  await claim.release();
}

/** Flags several training commands share, declared once. */
export const OUT_FLAG = {
  type: 'path',
  short: 'o',
  required: true,
  placeholder: 'DIR',
  help: 'the model directory to write: absent, or a @dl model directory (replaced when training succeeds); anything else is refused before any work',
} as const satisfies FlagSpec;

export const RESUME_FLAG = {
  type: 'boolean',
  help: 'continue an interrupted run from DIR.checkpoints/last (saved after every epoch) with the same data and options; --epochs may be raised',
} as const satisfies FlagSpec;

export const SEED_FLAG = {
  type: 'int',
  min: 1,
  defaultText: '1',
  help: 'seeds the split, initialisation, shuffling and augmentation',
} as const satisfies FlagSpec;

export const MODEL_DIR_FLAG = {
  type: 'path',
  required: true,
  mustExist: true,
  placeholder: 'DIR',
  help: 'a trained model directory',
} as const satisfies FlagSpec;

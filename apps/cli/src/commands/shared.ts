import type { BackendChoice } from '@dl/core';
import { ArgumentError } from '../framework/errors';
import type { EnumFlag, FlagSpec } from '../framework/flags';

/*
 * Commands import @dl/core and their task package inside `run` (`await import(…)`), never at
 * the top of a file (type imports aside): both load TensorFlow.js, seconds that `dl --help`,
 * `dl plate --help` and a mistyped flag must not pay. help.test.ts checks it.
 */

/** @dl/core, loaded when a command first needs it. */
export const loadCore = () => import('@dl/core');

/** Loads @dl/core and picks the backend (DL_BACKEND, else the fastest that loads). */
export async function startBackend(): Promise<BackendChoice> {
  const { initBackend } = await loadCore();
  return initBackend();
}

/**
 * Checks a training run's --out (ours or absent, writable, not held by another run) and lets
 * it go again, before the CLI loads data: a bad --out fails in a moment, not after minutes of
 * data preparation. The trainer claims it for real when it starts.
 */
export async function preflightOutput(outDir: string, resume: boolean): Promise<void> {
  const { claimModelOutput } = await loadCore();
  const claim = await claimModelOutput(outDir, { resume, onNote: () => {} });
  await claim.release();
}

/** A usage error of a command (exit 2), found before any work. */
export const usageError = (message: string) => new ArgumentError('INVALID_ARGUMENT', message);

/**
 * `--architecture seed|default|…`: which model a trainer builds. No CLI default: absent, the
 * trainer picks its own ('default'), so the CLI and the library cannot disagree.
 */
export function architectureFlag<const V extends readonly string[]>(values: V, help: string) {
  return { type: 'enum', values, defaultText: 'default', help } as const satisfies EnumFlag;
}

const DEPRECATED = 'deprecated (removed in the next minor)';

/** A switch kept for one minor release, mapped onto its replacement. */
export const deprecatedSwitch = (replacement: string) =>
  ({ type: 'boolean', help: `${DEPRECATED}: use ${replacement}` }) as const satisfies FlagSpec;

/** A value flag kept for one minor release: `help` says how its values map onto the new flag. */
export function deprecatedFlag<const S extends FlagSpec>(spec: S): S {
  return { ...spec, help: `${DEPRECATED}: ${spec.help}` };
}

/**
 * --architecture, or what a deprecated synonym of it (`--seed-model`, `--model lstm`) means:
 * the old flag still works, with a one-line note on stderr; one contradicting --architecture
 * is refused.
 */
export function resolveArchitecture<A extends string>(
  given: A | undefined,
  old: { flag: string; means: A | undefined },
  warn: (lines: readonly string[]) => void,
): A | undefined {
  if (old.means === undefined) return given;
  if (given !== undefined && given !== old.means) {
    throw usageError(
      `${old.flag} means --architecture ${old.means}, which contradicts --architecture ${given}; give --architecture alone`,
    );
  }
  warn([`${old.flag} is deprecated (removed in the next minor): use --architecture ${old.means}`]);
  return old.means;
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

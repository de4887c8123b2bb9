import type { DlErrorCode } from '@dl/core';
import { isCodedError } from './errors';

/** What went wrong, as the exit code tells a script. */
export type ErrorKind = 'usage' | 'data' | 'io' | 'other';

export const EXIT_CODES: Readonly<Record<'ok' | ErrorKind, number>> = {
  ok: 0,
  other: 1,
  usage: 2,
  data: 3,
  io: 4,
};

/** The exit codes in words, for `dl --help` and the README. */
export const EXIT_CODE_DOCS: readonly { code: number; meaning: string }[] = [
  { code: EXIT_CODES.ok, meaning: 'success (under --json: every input succeeded)' },
  {
    code: EXIT_CODES.other,
    meaning: 'another failure: training diverged, a backend is missing, a bug',
  },
  {
    code: EXIT_CODES.usage,
    meaning: 'usage: unknown command or flag, a bad flag value or argument',
  },
  { code: EXIT_CODES.data, meaning: 'data: a missing, corrupt or unsupported input file or model' },
  {
    code: EXIT_CODES.io,
    meaning: 'output: not writable, refused (not ours), or held by another run',
  },
];

/**
 * Every DlError code's kind, in one table. The type demands an entry for each code, so a new
 * code cannot be added to @dl/core without choosing its exit code here.
 */
const KIND_OF_CODE: Record<DlErrorCode, ErrorKind> = {
  INVALID_ARGUMENT: 'usage',
  FILE_NOT_FOUND: 'data',
  FILE_CORRUPT: 'data',
  FILE_UNSUPPORTED: 'data',
  DATA_INVALID: 'data',
  MODEL_INVALID: 'data',
  LIMIT_EXCEEDED: 'data',
  OUTPUT_EXISTS: 'io',
  OUTPUT_NOT_WRITABLE: 'io',
  OUTPUT_LOCKED: 'io',
  BACKEND_UNAVAILABLE: 'other',
  BACKEND_UNKNOWN: 'other',
  KERNEL_UNSUPPORTED: 'other',
  TRAINING_DIVERGED: 'other',
};

/** Node's file-system errors that mean "cannot write there". */
const OUTPUT_ERRNOS = new Set([
  'EACCES',
  'EPERM',
  'EROFS',
  'ENOSPC',
  'EDQUOT',
  'ENOTDIR',
  'EISDIR',
  'EEXIST',
  'ENOTEMPTY',
  'EBUSY',
  'EXDEV',
]);

const errnoOf = (e: unknown): string | undefined => {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : undefined;
};

export function kindOfError(e: unknown): ErrorKind {
  if (isCodedError(e)) {
    // A code newer than this build of the CLI: output refusals and locks are I/O by name.
    return KIND_OF_CODE[e.code] ?? (/^(OUTPUT|LOCK)/.test(e.code) ? 'io' : 'other');
  }
  const errno = errnoOf(e);
  if (errno === 'ENOENT') return 'data';
  if (errno && OUTPUT_ERRNOS.has(errno)) return 'io';
  return 'other';
}

export const exitCodeOf = (e: unknown): number => EXIT_CODES[kindOfError(e)];

const debugging = () => process.env.DL_DEBUG === '1';

/** `{ code, message }` as --json reports an error. */
export function errorDoc(e: unknown): { code: string; message: string } {
  if (isCodedError(e)) return { code: e.code, message: e.message };
  const message = e instanceof Error ? e.message : String(e);
  return { code: errnoOf(e) ?? 'INTERNAL', message };
}

/** One line for stderr; the stack only under DL_DEBUG=1 (a DlError is the user's to fix). */
export function formatError(e: unknown): string {
  const { code, message } = errorDoc(e);
  const stack = debugging() && e instanceof Error && e.stack ? `\n${e.stack}` : '';
  if (isCodedError(e)) return `${message} [${code}]${stack}`;
  // Node's own message already starts with its code: "EACCES: permission denied, open '…'".
  if (errnoOf(e)) return `${message}${stack}`;
  return `internal error: ${message}${stack || ' (DL_DEBUG=1 shows the stack trace)'}`;
}

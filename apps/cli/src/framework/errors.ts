import type { DlErrorCode } from '@dl/core';

/**
 * A problem with the command line itself (unknown command or flag, bad value, missing input
 * path), found before any work. It is reported exactly as a DlError of the same code (message,
 * `{ code, message }` under --json, exit code), but it is not one: @dl/core loads TensorFlow.js,
 * seconds of start-up that `--help` and a mistyped flag must not pay (help.test.ts checks
 * that neither loads it).
 */
export class ArgumentError extends Error {
  readonly code: DlErrorCode;
  readonly path?: string;

  constructor(code: DlErrorCode, message: string, options: { path?: string } = {}) {
    super(options.path ? `${options.path}: ${message}` : message);
    this.name = 'ArgumentError';
    this.code = code;
    this.path = options.path;
  }
}

/**
 * An error that carries one of @dl's codes: core's DlError (recognised by name, so that the
 * framework never imports @dl/core) or the framework's own ArgumentError.
 */
export function isCodedError(e: unknown): e is Error & { code: DlErrorCode } {
  return (
    e instanceof Error &&
    (e.name === 'DlError' || e instanceof ArgumentError) &&
    typeof (e as { code?: unknown }).code === 'string'
  );
}

/**
 * The one error type of @dl. Every failure a user can cause (bad file, wrong shape, missing
 * backend) throws a DlError whose message says what was expected and what was found, and whose
 * `code` lets programs branch without parsing text.
 */
export type DlErrorCode =
  | 'BACKEND_UNAVAILABLE'
  | 'BACKEND_UNKNOWN'
  | 'KERNEL_UNSUPPORTED'
  | 'INVALID_ARGUMENT'
  | 'FILE_NOT_FOUND'
  | 'FILE_CORRUPT'
  | 'FILE_UNSUPPORTED'
  | 'DATA_INVALID'
  /** A file declares a size, rate or count beyond a documented input limit (see README). */
  | 'LIMIT_EXCEEDED'
  | 'MODEL_INVALID'
  | 'TRAINING_DIVERGED'
  /** An output path exists and is not ours (not a @dl model directory or data folder). */
  | 'OUTPUT_EXISTS'
  /** An output path cannot be created or written (permissions, not a folder, pseudo FS). */
  | 'OUTPUT_NOT_WRITABLE'
  /** Another run holds the lock on an output path. */
  | 'OUTPUT_LOCKED';

export class DlError extends Error {
  readonly code: DlErrorCode;
  /** The file or resource the error is about, when there is one. */
  readonly path?: string;

  constructor(
    code: DlErrorCode,
    message: string,
    options: { path?: string; cause?: unknown } = {},
  ) {
    super(options.path ? `${options.path}: ${message}` : message, { cause: options.cause });
    this.name = 'DlError';
    this.code = code;
    this.path = options.path;
  }
}

export function isDlError(e: unknown, code?: DlErrorCode): e is DlError {
  return e instanceof DlError && (code === undefined || e.code === code);
}

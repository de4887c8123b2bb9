import { DlError } from '../errors';

/** What a Node file-system error means, in words (the code stays in the message for searches). */
export function fsReason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const why: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENOTDIR: 'a part of the path is not a folder',
    ENOENT: 'the file system does not allow creating entries there',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    EISDIR: 'it is a folder',
    EEXIST: 'something else created it meanwhile',
    ENAMETOOLONG: 'the name is too long',
    EXDEV: 'the temporary copy is on another device',
  };
  const code = typeof err?.code === 'string' ? err.code : undefined;
  if (code && why[code]) return `${why[code]} (${code})`;
  return code ? `${err.message} (${code})` : String((e as Error)?.message ?? e);
}

/** True for errors thrown by Node's fs calls (they carry an errno code and a syscall). */
export const isFsError = (e: unknown): e is NodeJS.ErrnoException =>
  typeof (e as NodeJS.ErrnoException)?.code === 'string' &&
  typeof (e as NodeJS.ErrnoException)?.syscall === 'string';

/** An OUTPUT_NOT_WRITABLE error for `path`: `what` failed, and why. */
export function notWritable(path: string, what: string, cause: unknown): DlError {
  return new DlError('OUTPUT_NOT_WRITABLE', `cannot ${what}: ${fsReason(cause)}`, {
    path,
    cause,
  });
}

/** Runs an fs step, turning a raw fs error into an OUTPUT_NOT_WRITABLE DlError for `path`. */
export async function writeStep<T>(path: string, what: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (e) {
    if (isFsError(e)) throw notWritable(path, what, e);
    throw e;
  }
}

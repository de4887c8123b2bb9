import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** A sibling path for temporary output: same directory, so rename() is atomic. */
export function siblingTemp(path: string, tag: string): string {
  return join(
    dirname(path),
    `.${basename(path)}.${tag}-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
}

/** Writes a file atomically: readers see the old content or the new, never a torn write. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = siblingTemp(path, 'tmp');
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/**
 * Builds a directory with `fill(tmpDir)` and then swaps it into `path`. A crash or error during
 * `fill` leaves `path` untouched (a half-written model never replaces a good one); the old
 * directory is removed only after the new one is in place.
 */
export async function replaceDirAtomic(
  path: string,
  fill: (tmpDir: string) => Promise<void>,
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = siblingTemp(path, 'tmp');
  await mkdir(tmp);
  try {
    await fill(tmp);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  if (existsSync(path)) {
    const old = siblingTemp(path, 'old');
    await rename(path, old);
    await rename(tmp, path);
    await rm(old, { recursive: true, force: true });
  } else {
    await rename(tmp, path);
  }
}

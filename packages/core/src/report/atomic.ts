import { randomBytes } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { DlError } from '../errors';

/**
 * Writes `data` to a temporary file beside `path`, then renames it over `path`: rename within
 * a directory is atomic, so readers see the old file or the new one, never half of one.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new DlError('FILE_NOT_FOUND', 'cannot write: its directory does not exist', {
        path,
        cause: e,
      });
    }
    throw e;
  }
}

import { readFile } from 'node:fs/promises';
import { DlError } from '@dl/core';

/**
 * Reads a text file as UTF-8, falling back to Latin-1 when the bytes are not valid UTF-8: the
 * MR sentence polarity files (rt-polarity.pos/.neg) and Kaggle's spam.csv are Latin-1 /
 * Windows-1252, while most newer sets are UTF-8.
 */
export async function readTextFile(
  path: string,
  what: string,
): Promise<{ text: string; encoding: 'utf-8' | 'latin1' }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DlError(
      code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'FILE_CORRUPT',
      code === 'ENOENT' ? `${what} not found` : `cannot read ${what} (${(e as Error).message})`,
      { path, cause: e },
    );
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { text: text.replace(/^\uFEFF/, ''), encoding: 'utf-8' };
  } catch {
    return { text: bytes.toString('latin1'), encoding: 'latin1' };
  }
}

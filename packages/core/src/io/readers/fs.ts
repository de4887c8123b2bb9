import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DlError } from '../../errors';

/** Errno codes meaning "nothing at this path" (ENOTDIR: a parent in the path is a file). */
const MISSING = new Set(['ENOENT', 'ENOTDIR']);

/**
 * Reads a whole file, turning Node's errno errors into DlErrors that name the file, so that a
 * typo in a path reads as "not found", not as an `ENOENT` stack trace.
 */
export async function readFileBytes(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (e) {
    throw fsError(e, path, 'file');
  }
}

/** A DlError for a failed fs call on `path`, which was expected to be a `kind`. */
export function fsError(e: unknown, path: string, kind: 'file' | 'folder'): DlError {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  if (MISSING.has(code))
    return new DlError('FILE_NOT_FOUND', `no such ${kind}`, { path, cause: e });
  if (code === 'EISDIR') {
    return new DlError('INVALID_ARGUMENT', 'is a folder, expected a file', { path, cause: e });
  }
  const why = e instanceof Error ? e.message : String(e);
  return new DlError('INVALID_ARGUMENT', `cannot read ${kind}: ${why}`, { path, cause: e });
}

/** One visible entry of a folder, with symlinks resolved to what they point at. */
export interface FolderEntry {
  name: string;
  path: string;
  isFile: boolean;
  isDirectory: boolean;
}

/**
 * The visible entries of a folder in code-point order of their names: hidden entries (dot
 * files such as `.DS_Store`, `.git`) are skipped, and the order does not depend on the file
 * system or the locale, so that every machine lists a data set the same way.
 */
export async function listFolder(dir: string): Promise<FolderEntry[]> {
  let dirents: import('node:fs').Dirent[];
  try {
    const info = await stat(dir);
    if (!info.isDirectory()) {
      throw new DlError('INVALID_ARGUMENT', 'is a file, expected a folder', { path: dir });
    }
    dirents = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    if (e instanceof DlError) throw e;
    throw fsError(e, dir, 'folder');
  }
  const entries: FolderEntry[] = [];
  for (const d of dirents) {
    if (d.name.startsWith('.')) continue;
    const path = join(dir, d.name);
    let isFile = d.isFile();
    let isDirectory = d.isDirectory();
    if (d.isSymbolicLink()) {
      // A dangling link is not data; skip it rather than fail the whole listing.
      const target = await stat(path).catch(() => undefined);
      isFile = target?.isFile() ?? false;
      isDirectory = target?.isDirectory() ?? false;
    }
    entries.push({ name: d.name, path, isFile, isDirectory });
  }
  return entries.sort((a, b) => compareNames(a.name, b.name));
}

/** Code-point order (not localeCompare, whose result depends on the machine's ICU and locale). */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Normalises an extension list to lower case with a leading dot (`'JPG'` → `'.jpg'`), so that
 * callers may write either form and matching is case-insensitive.
 */
export function normaliseExtensions(extensions: readonly string[]): string[] {
  if (!Array.isArray(extensions) || extensions.length === 0) {
    throw new DlError(
      'INVALID_ARGUMENT',
      'extensions must list at least one file extension, e.g. [".png"]',
    );
  }
  return extensions.map((e) => {
    const ext = e.trim().toLowerCase();
    if (ext === '' || ext === '.') {
      throw new DlError('INVALID_ARGUMENT', `invalid file extension ${JSON.stringify(e)}`);
    }
    return ext.startsWith('.') ? ext : `.${ext}`;
  });
}

/** Whether `name` ends in one of the (normalised) extensions, ignoring case. */
export function hasExtension(name: string, extensions: readonly string[]): boolean {
  const lower = name.toLowerCase();
  return extensions.some((ext) => lower.endsWith(ext) && lower.length > ext.length);
}

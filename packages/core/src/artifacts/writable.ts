import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { mkdir, open, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { DlError } from '../errors';
import { notWritable } from './fs-reason';

/**
 * The closest existing path at or above `path`, found by walking up with stat (nothing is
 * created). Ancestors are followed through symlinks: a linked parent folder is normal.
 */
async function nearestExisting(path: string): Promise<{ path: string; stats: Stats }> {
  let p = resolve(path);
  for (;;) {
    try {
      return { path: p, stats: await stat(p) };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // ENOTDIR: a file sits somewhere above; keep walking to report that file.
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw notWritable(p, 'inspect the path', e);
    }
    const up = dirname(p);
    if (up === p) throw new DlError('OUTPUT_NOT_WRITABLE', 'no existing folder above it', { path });
    p = up;
  }
}

/**
 * The nearest existing ancestor of `dir` (or `dir` itself), which must be a folder; `target`
 * (default `dir`) is what the caller wants to create, named in the error.
 */
async function existingFolderAt(dir: string, target = dir): Promise<string> {
  const found = await nearestExisting(dir);
  if (!found.stats.isDirectory()) {
    const what = found.stats.isFile() ? 'is a file, not a folder' : 'is not a folder';
    const full = resolve(target);
    const below = found.path === full ? '' : `, so ${full} cannot be created in it`;
    throw new DlError('OUTPUT_NOT_WRITABLE', `${what}${below}`, { path: found.path });
  }
  return found.path;
}

/** Creates and removes an empty file in `dir`: the one honest test of "can we write here". */
async function probe(dir: string): Promise<void> {
  const file = join(dir, `.dl-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await (await open(file, 'wx')).close();
  } catch (e) {
    throw notWritable(dir, 'create files in this folder', e);
  }
  await unlink(file).catch(() => {});
}

/**
 * Checks up front that `path` can be created (or replaced): its nearest existing ancestor
 * folder accepts a new file. Creates nothing that stays. Pseudo file systems (/proc, /sys),
 * devices (/dev/null/x) and files used as folders (FILE/sub) fail here at once.
 */
export async function assertCanCreate(path: string): Promise<void> {
  await probe(await existingFolderAt(dirname(resolve(path)), path));
}

/** Checks that files can be created inside the existing folder `dir`. */
export async function assertCanWriteInside(dir: string): Promise<void> {
  await probe(await existingFolderAt(dir));
}

/**
 * `mkdir -p` done one level at a time. Node's recursive mkdir spins forever under /proc; here
 * every level is an ordinary mkdir whose error is reported, naming the level that failed.
 */
export async function ensureDir(dir: string): Promise<void> {
  const target = resolve(dir);
  const top = await existingFolderAt(target);
  const missing: string[] = [];
  for (let p = target; p !== top; p = dirname(p)) missing.unshift(p);
  for (const p of missing) {
    try {
      await mkdir(p);
    } catch (e) {
      // Created meanwhile by someone else is fine, as long as it is a folder.
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && (await stat(p).catch(() => null))?.isDirectory()) continue;
      throw notWritable(p, 'create this folder', e);
    }
  }
}

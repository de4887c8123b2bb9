import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DlError } from '../errors';
import { isFsError, notWritable, writeStep } from './fs-reason';
import { assertReplaceable, inspectOutput, type OwnedKind } from './ownership';
import { assertCanCreate, ensureDir } from './writable';

/** A sibling path for temporary output: same directory, so rename() is atomic. */
export function siblingTemp(path: string, tag: string): string {
  return join(
    dirname(path),
    `.${basename(path)}.${tag}-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
}

export interface WriteFileOptions {
  /** Replace an existing regular file whatever it holds (the caller says it is theirs to lose). */
  overwrite?: boolean;
  /** Recognises a file we wrote from its first bytes (up to 4 KiB), e.g. a generator marker. */
  isOurs?: (head: Buffer) => boolean;
}

async function readHead(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * May `path` be replaced? Absent: yes. A regular file: when `overwrite`, when `isOurs` knows
 * it, or when it sits in a folder of ours (a model directory, data folder or checkpoint
 * directory: files there are ours too). Folders, links and devices: never.
 */
async function assertFileReplaceable(path: string, o: WriteFileOptions): Promise<void> {
  const stats = await lstat(path).catch(() => null);
  if (!stats) return;
  const refuse = (what: string) =>
    new DlError('OUTPUT_EXISTS', `exists and is ${what}; choose a new path or remove it yourself`, {
      path,
    });
  if (stats.isDirectory()) throw refuse('a folder, which a file cannot replace');
  if (!stats.isFile()) throw refuse('a link or special file, not a file written by @dl');
  if (o.overwrite) return;
  if (o.isOurs?.(await writeStep(path, 'read the file', () => readHead(path)))) return;
  const parent = await inspectOutput(dirname(path));
  if (parent.kind === 'model' || parent.kind === 'data' || parent.kind === 'checkpoints') return;
  throw refuse(`a file of ${stats.size} bytes not written by @dl`);
}

/**
 * Writes a file atomically: readers see the old content or the new, never a torn write. An
 * existing file is replaced only when it is ours (see WriteFileOptions); missing parent
 * folders are created one level at a time. Failures are DlErrors naming the path.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: WriteFileOptions = {},
): Promise<void> {
  await assertFileReplaceable(path, options);
  await assertCanCreate(path);
  await ensureDir(dirname(path));
  const tmp = siblingTemp(path, 'tmp');
  try {
    await writeStep(path, 'write the file', async () => {
      await writeFile(tmp, data, { flag: 'wx' });
      await rename(tmp, path);
    });
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

export interface ReplaceDirOptions {
  /** Which of our folders an existing `path` may be (default 'model': it has a valid dl.json). */
  accept?: OwnedKind;
}

/**
 * Builds a directory with `fill(tmpDir)` and then swaps it into `path`. An existing `path` is
 * replaced only when it is ours (`accept`) or empty: anything else is refused before the temp
 * dir is written. A crash or error during `fill` leaves `path` untouched (a half-written model
 * never replaces a good one); the old directory is removed only after the new one is in place.
 */
export async function replaceDirAtomic(
  path: string,
  fill: (tmpDir: string) => Promise<void>,
  options: ReplaceDirOptions = {},
): Promise<void> {
  await assertReplaceable(path, options.accept ?? 'model');
  await assertCanCreate(path);
  await ensureDir(dirname(path));
  const tmp = siblingTemp(path, 'tmp');
  await writeStep(tmp, 'create a temporary folder', () => mkdir(tmp));
  try {
    await fill(tmp);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    if (isFsError(e)) throw notWritable(path, 'write the output', e);
    throw e;
  }
  await swapIn(tmp, path);
}

/** Renames `tmp` onto `path`, moving an existing `path` aside first and back if that fails. */
async function swapIn(tmp: string, path: string): Promise<void> {
  const exists = (await lstat(path).catch(() => null)) !== null;
  const old = siblingTemp(path, 'old');
  try {
    if (exists) await rename(path, old);
    await rename(tmp, path);
  } catch (e) {
    if (exists) await rename(old, path).catch(() => {});
    await rm(tmp, { recursive: true, force: true });
    throw notWritable(path, 'move the new output into place', e);
  }
  if (exists) await rm(old, { recursive: true, force: true });
}

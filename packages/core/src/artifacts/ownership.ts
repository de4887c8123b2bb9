import type { Dirent } from 'node:fs';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { DlError } from '../errors';
import { notWritable } from './fs-reason';
import { CHECKPOINT_HISTORY, CHECKPOINT_MODELS, DL_DATA_JSON, DL_JSON } from './names';

/** The kinds of folder @dl writes, and so may replace. */
export type OwnedKind = 'model' | 'data' | 'checkpoints';

/** What occupies an output path. `empty` and `absent` hold nothing a user could lose. */
export type OutputState =
  | { kind: 'absent' }
  | { kind: 'empty' }
  | { kind: OwnedKind }
  | { kind: 'foreign'; what: string };

const KIND_LABEL: Record<OwnedKind, string> = {
  model: 'a @dl model directory',
  data: 'a @dl synthetic-data folder',
  checkpoints: 'a @dl checkpoint directory',
};
/** How we recognise each kind, said when a folder is not recognised. */
const KIND_SIGN: Record<OwnedKind, string> = {
  model: `no valid ${DL_JSON}`,
  data: `no valid ${DL_DATA_JSON}`,
  checkpoints: `it may hold only best/, last/ and ${CHECKPOINT_HISTORY}`,
};

/** Our temporary siblings (see siblingTemp) left by an interrupted checkpoint save. */
const CHECKPOINT_TEMP = /^\.(best|last|history\.json)\.(tmp|old)-\d+-[0-9a-f]{8}$/;

async function jsonFormatIs(file: string, format: string): Promise<boolean> {
  try {
    const json = JSON.parse(await readFile(file, 'utf8'));
    return json?.format === format && typeof json.task === 'string';
  } catch {
    return false;
  }
}

/** A folder with a dl.json that parses as ours. */
export const isModelDir = (dir: string): Promise<boolean> =>
  jsonFormatIs(join(dir, DL_JSON), 'dl-model');

/** A folder carrying our synthetic-data manifest. */
export const isDataDir = (dir: string): Promise<boolean> =>
  jsonFormatIs(join(dir, DL_DATA_JSON), 'dl-synthetic-data');

/** Only best/ and last/ model directories, history.json and our temporary siblings. */
async function isCheckpointDir(dir: string, entries: Dirent[]): Promise<boolean> {
  for (const e of entries) {
    const models: readonly string[] = CHECKPOINT_MODELS;
    if (models.includes(e.name)) {
      if (!e.isDirectory() || !(await isModelDir(join(dir, e.name)))) return false;
    } else if (e.name === CHECKPOINT_HISTORY) {
      if (!e.isFile()) return false;
    } else if (!CHECKPOINT_TEMP.test(e.name)) {
      return false;
    }
  }
  return true;
}

/** "3 entries (a.txt, b/, c.png)", at most three names shown. */
function listEntries(entries: Dirent[]): string {
  const names = entries.map((e) => (e.isDirectory() ? `${e.name}/` : e.name)).sort();
  const shown = names.slice(0, 3).join(', ') + (names.length > 3 ? ', …' : '');
  return `${names.length} ${names.length === 1 ? 'entry' : 'entries'} (${shown})`;
}

/** Looks at `path` without following a final symlink and says what is there. */
export async function inspectOutput(path: string): Promise<OutputState> {
  let stats: Awaited<ReturnType<typeof lstat>>;
  try {
    stats = await lstat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // ENOTDIR (FILE/sub): nothing is there; the writability check names the file in the way.
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'absent' };
    throw notWritable(path, 'inspect the path', e);
  }
  if (stats.isSymbolicLink()) {
    const to = await readlink(path).catch(() => '?');
    return { kind: 'foreign', what: `a symbolic link (to ${to})` };
  }
  if (stats.isFile()) return { kind: 'foreign', what: `a file of ${stats.size} bytes` };
  if (!stats.isDirectory())
    return { kind: 'foreign', what: 'a special file (device, pipe or socket)' };
  let entries: Dirent[];
  try {
    entries = await readdir(path, { withFileTypes: true });
  } catch (e) {
    throw notWritable(path, 'list the folder', e);
  }
  if (entries.length === 0) return { kind: 'empty' };
  if (await isModelDir(path)) return { kind: 'model' };
  if (await isDataDir(path)) return { kind: 'data' };
  if (await isCheckpointDir(path, entries)) return { kind: 'checkpoints' };
  return { kind: 'foreign', what: `a folder holding ${listEntries(entries)}` };
}

/** The current directory or one above it: replacing it would pull the floor from under us. */
function holdsCwd(path: string): 'is' | 'contains' | null {
  const target = resolve(path);
  const cwd = resolve(process.cwd());
  if (target === cwd) return 'is';
  const prefix = target.endsWith(sep) ? target : `${target}${sep}`;
  return cwd.startsWith(prefix) ? 'contains' : null;
}

/**
 * Refuses, with a DlError naming the path and what is in it, unless `path` is absent, an empty
 * folder, or a folder of kind `accept` (ours to replace). The current directory and its
 * ancestors are always refused.
 */
export async function assertReplaceable(path: string, accept: OwnedKind): Promise<OutputState> {
  const cwd = holdsCwd(path);
  if (cwd) {
    throw new DlError(
      'OUTPUT_EXISTS',
      `${cwd === 'is' ? 'is' : 'contains'} the current working directory; name a new folder for the output`,
      { path },
    );
  }
  const state = await inspectOutput(path);
  if (state.kind === 'absent' || state.kind === 'empty' || state.kind === accept) return state;
  const found =
    state.kind === 'foreign'
      ? `${state.what} that is not ${KIND_LABEL[accept]} (${KIND_SIGN[accept]})`
      : `${KIND_LABEL[state.kind]}, not ${KIND_LABEL[accept]}`;
  throw new DlError(
    'OUTPUT_EXISTS',
    `exists and is ${found}; choose a new path or remove it yourself`,
    { path },
  );
}

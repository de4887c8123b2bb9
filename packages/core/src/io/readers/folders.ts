import { basename } from 'node:path';
import { DlError } from '../../errors';
import { hasExtension, listFolder, normaliseExtensions } from './fs';

/** A data file and its class label. */
export interface LabeledPath {
  path: string;
  label: string;
}

export interface ListClassFoldersOptions {
  /** File extensions to keep, case-insensitive, with or without the dot: ['.jpg', 'png']. */
  extensions: readonly string[];
  /**
   * Folder name → label (e.g. EasyPR's `zh_cuan` → `川`). Every class folder must have an entry,
   * so that a typo cannot silently create a class. Default: the folder name is the label.
   */
  labelMap?: Readonly<Record<string, string>> | ReadonlyMap<string, string>;
}

/**
 * Lists a folder-per-class data set (`root/<class>/<file>`): the files directly inside each
 * class folder whose extension matches. Sorted by class folder name, then file name (code-point
 * order), so every machine gets the same order. Hidden files and folders are skipped, as are
 * files lying directly in `root` (READMEs, mapping files).
 */
export async function listClassFolders(
  root: string,
  opts: ListClassFoldersOptions,
): Promise<LabeledPath[]> {
  const extensions = normaliseExtensions(opts?.extensions);
  const classes = (await listFolder(root)).filter((e) => e.isDirectory);
  if (classes.length === 0) {
    throw new DlError('DATA_INVALID', 'no class folders found: expected one sub-folder per class', {
      path: root,
    });
  }
  const labelOf = (folder: string, path: string): string => {
    const map = opts.labelMap;
    if (!map) return folder;
    const record = map as Readonly<Record<string, string>>;
    // hasOwn: a folder named "constructor" must not pick up Object.prototype's.
    const label =
      map instanceof Map
        ? map.get(folder)
        : Object.hasOwn(record, folder)
          ? record[folder]
          : undefined;
    if (typeof label !== 'string' || label === '') {
      throw new DlError('DATA_INVALID', `class folder "${folder}" has no entry in labelMap`, {
        path,
      });
    }
    return label;
  };
  const out: LabeledPath[] = [];
  for (const dir of classes) {
    const label = labelOf(dir.name, dir.path);
    const files = (await listFolder(dir.path)).filter(
      (e) => e.isFile && hasExtension(e.name, extensions),
    );
    if (files.length === 0) {
      throw new DlError('DATA_INVALID', `class folder has no ${extensions.join('/')} files`, {
        path: dir.path,
      });
    }
    for (const f of files) out.push({ path: f.path, label });
  }
  return out;
}

/**
 * Derives a label from a file name (the name with its extension, e.g. `3_jackson_12.wav`):
 * a function, or a RegExp whose first capture group is the label (`/^(\d)_/` for FSDD,
 * `/^(.+)\.png$/i` for captcha files named by their text).
 */
export type LabelRule = ((name: string) => string) | RegExp;

export interface ListFilesOptions {
  /** File extensions to keep, case-insensitive, with or without the dot. */
  extensions: readonly string[];
  labelFromFilename?: LabelRule;
}

/**
 * The matching files directly inside `dir` (not recursive), hidden files skipped, sorted by
 * name in code-point order. With `labelFromFilename`, each gets a label; a file the rule does
 * not match is an error (not silently dropped), naming the file.
 */
export async function listFiles(
  dir: string,
  opts: ListFilesOptions & { labelFromFilename: LabelRule },
): Promise<LabeledPath[]>;
export async function listFiles(
  dir: string,
  opts: ListFilesOptions,
): Promise<{ path: string; label?: string }[]>;
export async function listFiles(
  dir: string,
  opts: ListFilesOptions,
): Promise<{ path: string; label?: string }[]> {
  const extensions = normaliseExtensions(opts?.extensions);
  const rule = opts.labelFromFilename;
  // `(?:re)|` always matches '' and its result has one slot per capture group, so length 1
  // means the pattern has no group to take the label from.
  if (
    rule instanceof RegExp &&
    new RegExp(`(?:${rule.source})|`, rule.flags.replace(/[gy]/g, '')).exec('')?.length === 1
  ) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `labelFromFilename ${rule} has no capture group for the label`,
    );
  }
  if (rule !== undefined && !(rule instanceof RegExp) && typeof rule !== 'function') {
    throw new DlError(
      'INVALID_ARGUMENT',
      'labelFromFilename must be a function or a RegExp with a capture group',
    );
  }
  const files = (await listFolder(dir)).filter((e) => e.isFile && hasExtension(e.name, extensions));
  if (files.length === 0) {
    throw new DlError('DATA_INVALID', `no ${extensions.join(', ')} files in this folder`, {
      path: dir,
    });
  }
  if (!rule) return files.map((f) => ({ path: f.path }));
  return files.map((f) => ({ path: f.path, label: applyRule(rule, f.path) }));
}

function applyRule(rule: LabelRule, path: string): string {
  const name = basename(path);
  let label: unknown;
  if (rule instanceof RegExp) {
    const match = rule.exec(name);
    rule.lastIndex = 0; // a /g or /y pattern must not carry state to the next file
    label = match?.[1];
    if (label === undefined) {
      throw new DlError(
        'DATA_INVALID',
        `file name does not match ${rule}, cannot take a label from it`,
        { path },
      );
    }
  } else {
    try {
      label = rule(name);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw new DlError('DATA_INVALID', `labelFromFilename failed on this file: ${why}`, {
        path,
        cause: e,
      });
    }
  }
  if (typeof label !== 'string' || label === '') {
    throw new DlError(
      'DATA_INVALID',
      `labelFromFilename gave ${JSON.stringify(label)}, expected a non-empty label`,
      {
        path,
      },
    );
  }
  return label;
}

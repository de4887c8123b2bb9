import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { DlError, readImage } from '@dl/core';
import type { FaceLayout, LabelFromName, ListedFace } from './face-types';

/** Yale's `subject01.glasses`: the person, a dot, the condition. */
export const YALE_NAME = /^(subject\d+)\.(.+)$/i;
/** The seed's `A_anything.jpg`: the person before the first underscore. */
export const UNDERSCORE_PREFIX = /^([^_]+)_/;
export const BIOID_NAME = /^(BioID_\d+)\.pgm$/i;

/** Visible entries of a folder, sorted by name (code-point order, the same on every machine). */
export async function entries(dir: string) {
  const list = await readdir(dir, { withFileTypes: true }).catch((e) => {
    throw new DlError('FILE_NOT_FOUND', `cannot list the folder (${(e as Error).message})`, {
      path: dir,
      cause: e,
    });
  });
  return list
    .filter((e) => !e.name.startsWith('.'))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Sub-folders mean one folder per person; BioID names mean BioID; otherwise prefixes. */
export async function detectLayout(dir: string): Promise<FaceLayout> {
  const list = await entries(dir);
  if (list.some((e) => e.isDirectory())) return 'folders';
  if (list.some((e) => e.isFile() && BIOID_NAME.test(e.name))) return 'bioid';
  return 'prefix';
}

/** Files that are notes beside the images, not images: skipped rather than refused. */
const NOT_IMAGES = /\.(txt|md|json|csv|eye|pts|html?|pdf|db|ini)$|^readme/i;

/** `root/<person>/<image>`: every file in a person's folder must be an image. */
export async function listFolders(root: string): Promise<ListedFace[]> {
  const out: ListedFace[] = [];
  for (const dir of (await entries(root)).filter((e) => e.isDirectory())) {
    const folder = join(root, dir.name);
    const files = (await entries(folder)).filter((e) => e.isFile() && !NOT_IMAGES.test(e.name));
    if (files.length === 0) {
      throw new DlError('DATA_INVALID', `person folder "${dir.name}" holds no images`, {
        path: folder,
      });
    }
    for (const f of files) {
      const path = join(folder, f.name);
      out.push({ path, person: dir.name, image: await readImage(path) });
    }
  }
  return out;
}

/** A flat folder whose file names start with the person (Yale, the seed's `A_xxx.jpg`). */
export async function listPrefixed(dir: string, rule?: LabelFromName): Promise<ListedFace[]> {
  const files = (await entries(dir)).filter((e) => e.isFile() && !NOT_IMAGES.test(e.name));
  if (files.length === 0) {
    throw new DlError('DATA_INVALID', 'no image files in this folder', { path: dir });
  }
  const names = files.map((f) => f.name);
  const chosen = rule ?? (names.every((n) => YALE_NAME.test(n)) ? YALE_NAME : UNDERSCORE_PREFIX);
  const out: ListedFace[] = [];
  for (const name of names) {
    const path = join(dir, name);
    const person = personOf(chosen, name, path);
    const yale = YALE_NAME.exec(name);
    out.push({
      path,
      person,
      image: await readImage(path),
      ...(chosen === YALE_NAME && yale ? { condition: yale[2] } : {}),
    });
  }
  return out;
}

function personOf(rule: LabelFromName, name: string, path: string): string {
  let person: unknown;
  if (rule instanceof RegExp) {
    person = rule.exec(name)?.[1];
    rule.lastIndex = 0;
    if (person === undefined) {
      throw new DlError(
        'DATA_INVALID',
        `file name "${basename(path)}" does not match ${rule}: cannot tell whose face it is (pass labelFromName)`,
        { path },
      );
    }
  } else {
    try {
      person = rule(name);
    } catch (e) {
      throw new DlError('DATA_INVALID', `labelFromName failed: ${(e as Error).message}`, {
        path,
        cause: e,
      });
    }
  }
  if (typeof person !== 'string' || person === '') {
    throw new DlError(
      'DATA_INVALID',
      `labelFromName gave ${JSON.stringify(person)}, expected a name`,
      {
        path,
      },
    );
  }
  return person;
}

import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { type DecodedImage, DlError, dataFingerprint, readImage } from '@dl/core';
import { isPlateText } from './task';

/** One labelled plate crop. */
export interface PlateCrop {
  image: DecodedImage;
  /** The plate text, without separators ('皖A12345'). */
  text: string;
  /** The file it was read from. */
  file: string;
  /**
   * Where each character is, in the image's pixels, when known (synthetic crops): training
   * then also supervises the alignment (see `alignmentWeight`). Optional.
   */
  boxes?: readonly { x: number; width: number }[];
}

/** Labelled plate crops from a folder. */
export interface PlateCropDataset {
  crops: PlateCrop[];
  /** A short hash of the file names and texts. */
  fingerprint: string;
}

export interface LoadPlateReaderDatasetOptions {
  /**
   * A ground-truth list instead of names: lines `file<TAB or spaces>text`, file relative to the
   * folder; blank lines and `#` comments skipped. Default: texts from the file names.
   */
  labelsFile?: string;
  /** Read at most this many crops (in file-name order; default all). */
  limit?: number;
}

const IMAGE = /\.(jpe?g|png|bmp|gif|pgm|ppm)$/i;

/**
 * The plate text a file name gives: the name without its extension and without a suffix
 * after `_`, a space, `(` or `#` (so `皖A12345_2.jpg` and `皖A12345 (1).jpg` are '皖A12345'),
 * separators `·` and `-` removed; undefined when that is no plate text.
 * @internal
 */
export function plateTextOfFile(file: string): string | undefined {
  const stem = file.slice(0, file.length - extname(file).length).replace(/[_\s(#].*$/, '');
  const text = stem.replace(/[·.•-]/g, '');
  return isPlateText(text) ? text : undefined;
}

async function labelList(folder: string, labelsFile: string): Promise<[string, string][]> {
  let content: string;
  try {
    content = await readFile(labelsFile, 'utf8');
  } catch (e) {
    throw new DlError('FILE_NOT_FOUND', 'cannot read the ground-truth list', {
      path: labelsFile,
      cause: e,
    });
  }
  const out: [string, string][] = [];
  content.split(/\r?\n/).forEach((line, i) => {
    const t = line.trim();
    if (!t || t.startsWith('#')) return;
    const m = /^(.+?)\s+(\S+)$/.exec(t);
    const text = m?.[2].replace(/[·.•-]/g, '');
    if (!m || !text || !isPlateText(text)) {
      throw new DlError(
        'FILE_CORRUPT',
        `line ${i + 1} is '${t}'; expected 'file<tab>plate text' such as 'car1.jpg\t皖A12345'`,
        { path: labelsFile },
      );
    }
    out.push([join(folder, m[1]), text]);
  });
  return out;
}

async function namedList(folder: string): Promise<[string, string][]> {
  let names: string[];
  try {
    names = (await readdir(folder)).filter((n) => IMAGE.test(n)).sort();
  } catch (e) {
    throw new DlError('FILE_NOT_FOUND', 'cannot read the folder of plate crops', {
      path: folder,
      cause: e,
    });
  }
  return names.map((name) => {
    const text = plateTextOfFile(name);
    if (!text) {
      throw new DlError(
        'DATA_INVALID',
        `file '${name}' is not named by a plate text: expected e.g. '皖A12345.jpg' (7 characters, 8 on green plates; a suffix after '_' is allowed), or pass a ground-truth list`,
        { path: join(folder, name) },
      );
    }
    return [join(folder, name), text];
  });
}

/**
 * Reads a folder of plate crops named by their text (`皖A12345.jpg`, `粤BD12345_2.png`), or
 * listed in a ground-truth file. Throws DlError naming the file for a name that is no plate
 * text, an unreadable image, or a folder without images.
 */
export async function loadPlateReaderDataset(
  folder: string,
  options: LoadPlateReaderDatasetOptions = {},
): Promise<PlateCropDataset> {
  let list = options.labelsFile
    ? await labelList(folder, options.labelsFile)
    : await namedList(folder);
  if (options.limit !== undefined) list = list.slice(0, options.limit);
  if (list.length === 0) {
    throw new DlError('DATA_INVALID', 'no plate crops (PNG, JPEG, BMP, GIF, PGM/PPM) found', {
      path: folder,
    });
  }
  const crops: PlateCrop[] = [];
  for (const [file, text] of list) crops.push({ image: await readImage(file), text, file });
  return {
    crops,
    fingerprint: dataFingerprint(list.map(([file, text]) => `${file}\t${text}`)),
  };
}

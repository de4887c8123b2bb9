import type { Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  type DecodedImage,
  DlError,
  dataFingerprint,
  imagesToTensor,
  listClassFolders,
  readImage,
  type tf,
} from '@dl/core';
import { GLYPH_SIZE } from './synth/glyph';
import { type GlyphKind, labelsOf, PROVINCE_CODES } from './synth/labels';

/** Glyph images of one classifier kind, ready to train on. */
export interface PlateDataset {
  kind: GlyphKind;
  /** [n, 20, 20, 1], 0–1, white character on black. */
  x: tf.Tensor4D;
  /** Class index of each sample in `labelNames`. */
  labels: Int32Array;
  /** The kind's standard label set (class-index order). */
  labelNames: readonly string[];
  files: string[];
  /** Class folders present but not of this kind (e.g. digit folders when loading letters). */
  skipped: string[];
  fingerprint: string;
}

export interface LoadPlateDatasetOptions {
  kind: GlyphKind;
  /**
   * A mapping file of folder code → character, one pair per line separated by whitespace
   * (EasyPR's province_mapping.txt: `zh_cuan    川`). EasyPR's codes are built in.
   */
  mappingFile?: string;
  /** Image extensions to read; default the formats @dl/core reads. */
  extensions?: string[];
}

const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.bmp', '.gif', '.pgm', '.ppm'];

/** Parses `code<whitespace>character` lines; blank lines and `#` comments are skipped. */
export async function readMappingFile(path: string): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new DlError('FILE_NOT_FOUND', 'cannot read the label mapping file', { path, cause: e });
  }
  const map: Record<string, string> = {};
  text.split(/\r?\n/).forEach((line, i) => {
    const t = line.trim();
    if (!t || t.startsWith('#')) return;
    const parts = t.split(/\s+/);
    if (parts.length !== 2) {
      throw new DlError(
        'FILE_CORRUPT',
        `line ${i + 1} is '${t}'; expected 'folder<space>character'`,
        {
          path,
        },
      );
    }
    map[parts[0]] = parts[1];
  });
  return map;
}

/**
 * Reads a folder-per-class glyph set as published for Chinese plates (EasyPR layout): class
 * folders named by the character itself (`A`, `0`, `京`) or by a code (`zh_jing`), images in
 * any format @dl/core reads, converted to 20×20 grayscale in 0–1. Folders of other kinds (the
 * digit folders of `chars2` when loading letters) are skipped and listed; a folder whose name
 * maps to no character is an error naming it.
 */
export async function loadPlateDataset(
  dir: string,
  options: LoadPlateDatasetOptions,
): Promise<PlateDataset> {
  const { kind } = options;
  const labelNames = labelsOf(kind);
  const mapping: Record<string, string> = {
    ...PROVINCE_CODES,
    ...(options.mappingFile ? await readMappingFile(options.mappingFile) : {}),
  };
  const extensions = options.extensions ?? IMAGE_EXTENSIONS;
  // Folder → character: a code from the mapping, else the folder name itself (checked below).
  let entries: Dirent[] = [];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    // listClassFolders reports a missing or unreadable root with the right error.
  }
  const labelMap = new Map(
    entries.filter((e) => e.isDirectory()).map((e) => [e.name, mapping[e.name] ?? e.name]),
  );
  const all = await listClassFolders(dir, { extensions, labelMap });
  const known = new Set(labelNames);
  const allCharacters = new Set([...labelsOf('province'), ...labelsOf('alnum')]);
  const unknown = [...new Set(all.filter((f) => !allCharacters.has(f.label)).map((f) => f.label))];
  if (unknown.length) {
    throw new DlError(
      'DATA_INVALID',
      `class folder(s) ${unknown.map((u) => `'${u}'`).join(', ')} name no plate character; name folders by the character (京, A, 0) or an EasyPR code (zh_jing), or pass a mapping file`,
      { path: dir },
    );
  }
  const mine = all.filter((f) => known.has(f.label));
  const skipped = [...new Set(all.filter((f) => !known.has(f.label)).map((f) => f.label))];
  if (mine.length === 0) {
    throw new DlError(
      'DATA_INVALID',
      `no ${kind} glyphs: expected class folders for ${labelNames.slice(0, 5).join(' ')} …`,
      {
        path: dir,
      },
    );
  }
  const images: DecodedImage[] = await Promise.all(mine.map((f) => readImage(f.path)));
  const x = imagesToTensor(images, {
    size: [GLYPH_SIZE, GLYPH_SIZE],
    channels: 1,
    resize: 'bilinear',
  });
  const index = new Map(labelNames.map((l, i) => [l, i]));
  return {
    kind,
    x,
    labels: Int32Array.from(mine, (f) => index.get(f.label)!),
    labelNames,
    files: mine.map((f) => f.path),
    skipped,
    fingerprint: dataFingerprint(mine.map((f) => `${f.label}/${basename(f.path)}`)),
  };
}

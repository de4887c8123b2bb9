import { stat } from 'node:fs/promises';
import { relative } from 'node:path';
import { DlError, dataFingerprint, listClassFolders } from '@dl/core';

/** An image file of a data set and its class (index into `labels`). */
export interface TransferImage {
  path: string;
  label: number;
}

/** A folder-per-class image data set: `root/<class>/<image>`. */
export interface TransferDataset {
  root: string;
  /** Class names (folder names, sorted), index = label. */
  labels: string[];
  images: TransferImage[];
  /** Hash of the file names, sizes and labels (recorded in the model's dl.json). */
  fingerprint: string;
  /** Made by synthTransferDataset. */
  synthetic: boolean;
}

/** Every image format @dl/core's readers decode (the format is read from the bytes). */
export const IMAGE_EXTENSIONS: readonly string[] = [
  '.jpg',
  '.jpeg',
  '.png',
  '.bmp',
  '.gif',
  '.pgm',
  '.ppm',
  '.pnm',
];

export interface LoadTransferDatasetOptions {
  /** File extensions to read, case-insensitive. Default IMAGE_EXTENSIONS. */
  extensions?: readonly string[];
  /** Folder name → label, e.g. `{ cats: 'cat' }`; every folder needs one. Default: folder names. */
  labelMap?: Readonly<Record<string, string>>;
}

/**
 * Lists a folder-per-class image set (`cats/*.jpg`, `dogs/*.jpg`): sorted classes and files, so
 * every machine sees the same order. Needs at least two classes; a class folder without images
 * is refused, naming it. Images are decoded later (features), where an undecodable one is a
 * DlError naming the file.
 */
export async function loadTransferDataset(
  root: string,
  options: LoadTransferDatasetOptions = {},
): Promise<TransferDataset> {
  const files = await listClassFolders(root, {
    extensions: options.extensions ?? IMAGE_EXTENSIONS,
    labelMap: options.labelMap,
  });
  const labels = [...new Set(files.map((f) => f.label))].sort();
  if (labels.length < 2) {
    throw new DlError(
      'DATA_INVALID',
      `found one class (${labels[0]}); a classifier needs at least two class folders`,
      { path: root },
    );
  }
  const images = files.map((f) => ({ path: f.path, label: labels.indexOf(f.label) }));
  const parts: string[] = [];
  for (const im of images) {
    const { size } = await stat(im.path);
    parts.push(`${relative(root, im.path)}:${size}:${im.label}`);
  }
  return {
    root,
    labels,
    images,
    fingerprint: dataFingerprint([labels.join('\n'), ...parts]),
    synthetic: false,
  };
}

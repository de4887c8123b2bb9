import { stat } from 'node:fs/promises';
import { DlError, dataFingerprint, LabelMap } from '@dl/core';
import { listBioId } from './bioid';
import type { BioIdIdentities, FaceDataset, FaceSample, ListedFace } from './face-types';

export type { EyePositions, FaceDataset, FaceSample, ListedFace } from './face-types';

import type { FaceLayout, LabelFromName } from './face-types';
import { detectLayout, listFolders, listPrefixed } from './layouts';

export interface LoadFaceDatasetOptions {
  /**
   * 'folders': one sub-folder per person (ORL's `s1/1.pgm`); 'prefix': a flat folder labelled
   * by file-name prefix (the seed's `A_001.jpg`, Yale's `subject01.happy`); 'bioid':
   * `BioID_0000.pgm` with optional `.eye` files and `identities`. Default 'auto': folders when
   * there are sub-folders, BioID when the names say so, else prefix.
   */
  layout?: FaceLayout | 'auto';
  /**
   * How 'prefix' takes the person from a file name: a RegExp whose first group is the person,
   * or a function. Default: Yale's `subjectNN.` when the names look like it, else the text
   * before the first `_`.
   */
  labelFromName?: LabelFromName;
  /**
   * BioID file stem (`BioID_0042`) → person. BioID's names carry no identity, so training on it
   * needs this; without it every BioID image is refused.
   */
  identities?: BioIdIdentities;
  /** People with fewer images than this are refused (naming them). Default 2. */
  minImagesPerPerson?: number;
}

/**
 * Reads a face data set from `path` in one of the public layouts (see LoadFaceDatasetOptions).
 * Any image format @dl/core decodes is accepted, detected by content (Yale's GIFs have no
 * extension); images may differ in size (training resizes them). Refused with a DlError naming
 * the file or folder: a missing path, an unreadable image, a person with too few images, or
 * fewer than two people (identification needs someone to tell apart).
 */
export async function loadFaceDataset(
  path: string,
  options: LoadFaceDatasetOptions = {},
): Promise<FaceDataset> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new DlError('FILE_NOT_FOUND', 'face data folder does not exist', { path });
  if (!info.isDirectory()) {
    throw new DlError('DATA_INVALID', 'expected a folder of face images, found a file', { path });
  }
  const layout =
    options.layout && options.layout !== 'auto' ? options.layout : await detectLayout(path);
  const listed =
    layout === 'folders'
      ? await listFolders(path)
      : layout === 'bioid'
        ? await listBioId(path, options.identities)
        : await listPrefixed(path, options.labelFromName);
  return faceDataset(listed, layout, path, options.minImagesPerPerson ?? 2);
}

/** Labels, checks and fingerprints listed faces. */
export function faceDataset(
  listed: readonly ListedFace[],
  layout: FaceDataset['layout'],
  where: string,
  minImagesPerPerson = 2,
): FaceDataset {
  const map = LabelMap.fromLabels(listed.map((f) => f.person));
  checkPeople(listed, map.labels, where, minImagesPerPerson);
  const samples = listed.map((f) => ({
    image: f.image,
    label: map.encode(f.person),
    path: f.path,
    ...(f.condition === undefined ? {} : { condition: f.condition }),
    ...(f.eyes ? { eyes: f.eyes } : {}),
  }));
  return {
    samples,
    people: [...map.labels],
    layout,
    synthetic: layout === 'synthetic',
    fingerprint: fingerprintOf(samples, map.labels),
  };
}

function checkPeople(
  listed: readonly ListedFace[],
  people: readonly string[],
  where: string,
  minImages: number,
): void {
  if (people.length < 2) {
    const found = people.length === 0 ? 'no one' : `one person (${people[0]})`;
    throw new DlError(
      'DATA_INVALID',
      `found ${found} in ${listed.length} image(s); identification needs at least 2 people`,
      { path: where },
    );
  }
  const counts = new Map<string, number>();
  for (const f of listed) counts.set(f.person, (counts.get(f.person) ?? 0) + 1);
  const few = people.filter((p) => (counts.get(p) ?? 0) < minImages);
  if (few.length > 0) {
    const shown = few
      .slice(0, 5)
      .map((p) => `${p} (${counts.get(p)})`)
      .join(', ');
    throw new DlError(
      'DATA_INVALID',
      `${few.length} person(s) have fewer than ${minImages} images: ${shown}; add images or remove them`,
      { path: where },
    );
  }
}

export function fingerprintOf(samples: readonly FaceSample[], people: readonly string[]): string {
  const parts: (string | ArrayBufferView)[] = [people.join('\n')];
  for (const s of samples) {
    parts.push(`${s.label}:${s.image.width}x${s.image.height}x${s.image.channels}`, s.image.data);
  }
  return dataFingerprint(parts);
}

import { readFile } from 'node:fs/promises';
import { DlError, writeFileAtomic } from '@dl/core';
import type { FaceEmbedderInfo } from './embed/embedder';
import { euclidean } from './openset';

export const GALLERY_FORMAT = 'dl-face-gallery';
/**
 * 2: a calibrated threshold records its rule (thresholdSource.rule) and FAR cap, and a gallery
 * may hold a ratio test (`ratio`). Version 1 files (@dl/face 0.1) load, their calibration read
 * as rule 'far'; they are saved as 2.
 */
export const GALLERY_FORMAT_VERSION = 2;

/**
 * Descriptor distance at or below which two faces are taken as one person until a threshold
 * is chosen on validation data (calibrateGallery). face-api's usual 0.6 is loose: on Yale, 95%
 * of same-person pairs lie below 0.40 and 99% of different-person pairs above 0.44.
 */
export const DEFAULT_FACE_THRESHOLD = 0.45;

/** How a probe is compared with a person: their nearest enrolled image, or their mean descriptor. */
export type GalleryMatch = 'nearest' | 'centroid';

/**
 * How a calibrated threshold was chosen from genuine and impostor scores: 'far' at the FAR
 * target; 'tar-far' at the target genuine acceptance, capped at the FAR threshold.
 */
export type ThresholdRule = 'tar-far' | 'far';

/** A threshold chosen on genuine and impostor scores, and what it accepted of them. */
export interface ScoreThreshold {
  threshold: number;
  /** The threshold at the FAR target: the cap of 'tar-far', the threshold of 'far'. */
  farThreshold: number;
  /** Genuine scores accepted at the threshold. */
  tar: number;
  /** Impostor scores accepted at the threshold. */
  farAccepted: number;
  /** How many genuine and impostor scores it was chosen on. */
  genuine: number;
  impostor: number;
}

/** How the gallery's threshold was set. */
export type ThresholdSource =
  | { method: 'default' }
  | { method: 'given' }
  | {
      method: 'validation';
      rule: ThresholdRule;
      /** The FAR target. */
      far: number;
      /** The genuine acceptance aimed at ('tar-far' only). */
      targetTar?: number;
      /** Genuine scores accepted at the threshold. */
      tar: number;
      /** Impostor scores accepted at the threshold (absent in version 1 files). */
      farAccepted?: number;
      /** The threshold at the FAR target: the cap of 'tar-far', the threshold of 'far'. */
      farThreshold: number;
      /** How many genuine and impostor scores it was chosen on. */
      genuine: number;
      impostor: number;
      /** The ratio test's calibration, when the gallery has one (same rule, FAR and TAR). */
      ratio?: ScoreThreshold;
    };

/** People enrolled by their face descriptors: what identify and verify compare against. */
export interface FaceGallery {
  format: typeof GALLERY_FORMAT;
  formatVersion: typeof GALLERY_FORMAT_VERSION;
  /** The descriptor network and the sha256 of its weights: another model's gallery is refused. */
  descriptorModel: FaceEmbedderInfo['descriptorModel'];
  /** Distance at or below which a probe is taken as the nearest person; above: "unknown". */
  threshold: number;
  thresholdSource: ThresholdSource;
  /**
   * The ratio test, when set (calibrateGallery, from three people): a probe is also answered
   * "unknown" unless its distance to the nearest person is at most this fraction of its
   * distance to the second nearest. Absent: the distance threshold alone decides.
   */
  ratio?: number;
  match: GalleryMatch;
  people: { name: string; descriptors: number[][] }[];
  createdAt: string;
}

/** An empty gallery of one descriptor model. */
export function newGallery(
  info: FaceEmbedderInfo,
  o: { threshold?: number; match?: GalleryMatch } = {},
): FaceGallery {
  const threshold = o.threshold ?? DEFAULT_FACE_THRESHOLD;
  checkThreshold(threshold);
  return {
    format: GALLERY_FORMAT,
    formatVersion: GALLERY_FORMAT_VERSION,
    descriptorModel: { ...info.descriptorModel },
    threshold,
    thresholdSource: o.threshold === undefined ? { method: 'default' } : { method: 'given' },
    match: o.match ?? 'nearest',
    people: [],
    createdAt: new Date().toISOString(),
  };
}

function checkThreshold(t: number): void {
  if (!(t > 0) || !Number.isFinite(t)) {
    throw new DlError('INVALID_ARGUMENT', `threshold must be a positive distance, got ${t}`);
  }
}

/** Adds descriptors of `person` (a new person, or more images of one already enrolled). */
export function addToGallery(
  gallery: FaceGallery,
  person: string,
  descriptors: readonly Float32Array[],
): void {
  if (typeof person !== 'string' || person.trim() === '') {
    throw new DlError(
      'INVALID_ARGUMENT',
      `a person needs a non-empty name, got ${JSON.stringify(person)}`,
    );
  }
  const dims = gallery.descriptorModel.dimensions;
  for (const d of descriptors) {
    if (d.length !== dims) {
      throw new DlError(
        'INVALID_ARGUMENT',
        `descriptor of ${person} has ${d.length} values, expected ${dims}`,
      );
    }
  }
  let entry = gallery.people.find((p) => p.name === person);
  if (!entry) {
    entry = { name: person, descriptors: [] };
    gallery.people.push(entry);
  }
  entry.descriptors.push(...descriptors.map((d) => Array.from(d)));
}

/** A probe's answer: the nearest person and the distance, and whether it is within the threshold. */
export interface GalleryMatchResult {
  /** The person identified, or null for "unknown" (nearest distance above the threshold). */
  person: string | null;
  /** The nearest enrolled person whatever the threshold (closed-set answer). */
  nearest: string;
  distance: number;
  /** The closest people, nearest first, with their distances. */
  ranking: { person: string; distance: number }[];
}

/** Compares one descriptor with every enrolled person (see GalleryMatch). */
export function matchDescriptor(
  gallery: FaceGallery,
  descriptor: ArrayLike<number>,
  topK = 3,
): GalleryMatchResult {
  if (gallery.people.length === 0) {
    throw new DlError('DATA_INVALID', 'the gallery has no one enrolled; enrol people first');
  }
  const ranking = gallery.people
    .map((p) => ({
      person: p.name,
      distance: distanceTo(gallery.match, p.descriptors, descriptor),
    }))
    .sort((a, b) => a.distance - b.distance);
  const best = ranking[0];
  return {
    person: accepts(gallery, best.distance, ranking[1]?.distance) ? best.person : null,
    nearest: best.person,
    distance: best.distance,
    ranking: ranking.slice(0, topK),
  };
}

/** The ratio test's score: nearest / second-nearest person distance (1 when both are 0). */
export const distanceRatio = (nearest: number, second: number): number =>
  second > 0 ? nearest / second : 1;

/** Within the threshold, and, with a ratio test and a second person, clearly nearer than them. */
function accepts(gallery: FaceGallery, nearest: number, second: number | undefined): boolean {
  if (nearest > gallery.threshold) return false;
  if (gallery.ratio === undefined || second === undefined) return true;
  return distanceRatio(nearest, second) <= gallery.ratio;
}

function distanceTo(match: GalleryMatch, enrolled: number[][], d: ArrayLike<number>): number {
  if (match === 'centroid') {
    const c = new Float64Array(d.length);
    for (const e of enrolled) for (let k = 0; k < c.length; k++) c[k] += e[k] / enrolled.length;
    // descriptors are unit vectors; their mean is renormalised so distances stay comparable
    const norm = Math.hypot(...c) || 1;
    return euclidean(
      c.map((v) => v / norm),
      d,
    );
  }
  return Math.min(...enrolled.map((e) => euclidean(e, d)));
}

/** Refuses a gallery made with another descriptor model (its distances would mean nothing). */
export function checkGalleryModel(
  gallery: FaceGallery,
  info: FaceEmbedderInfo,
  path?: string,
): void {
  const want = info.descriptorModel;
  const have = gallery.descriptorModel;
  if (have.id !== want.id || have.sha256 !== want.sha256 || have.dimensions !== want.dimensions) {
    throw new DlError(
      'MODEL_INVALID',
      `the gallery was enrolled with descriptor model ${have.id} (sha256 ${have.sha256.slice(0, 12)}…, ${have.dimensions}-d), not ${want.id} (sha256 ${want.sha256.slice(0, 12)}…); enrol the people again with this model`,
      { path },
    );
  }
}

const isGalleryHead = (head: Buffer) =>
  head.toString('utf8').includes(`"format": "${GALLERY_FORMAT}"`);

/**
 * Writes a gallery as JSON, atomically. An existing file is replaced only if it is a gallery
 * (our format); anything else at `path` is refused, untouched.
 */
export async function saveGallery(path: string, gallery: FaceGallery): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(gallery, null, 2)}\n`, { isOurs: isGalleryHead });
}

/** Reads and checks a gallery file; with `info`, also that it is of that descriptor model. */
export async function loadGallery(path: string, info?: FaceEmbedderInfo): Promise<FaceGallery> {
  const text = await readFile(path, 'utf8').catch((e) => {
    throw new DlError('FILE_NOT_FOUND', `cannot read the gallery (${(e as Error).message})`, {
      path,
      cause: e,
    });
  });
  let json: FaceGallery;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new DlError('FILE_CORRUPT', `not JSON: ${(e as Error).message}`, { path, cause: e });
  }
  if (json?.format !== GALLERY_FORMAT) {
    throw new DlError(
      'FILE_CORRUPT',
      `not a @dl face gallery (format "${json?.format}", expected "${GALLERY_FORMAT}")`,
      { path },
    );
  }
  const version = json.formatVersion as number;
  if (version !== 1 && version !== GALLERY_FORMAT_VERSION) {
    throw new DlError(
      'FILE_UNSUPPORTED',
      `gallery format version ${version}; this @dl/face reads versions 1 to ${GALLERY_FORMAT_VERSION}${version > GALLERY_FORMAT_VERSION ? ' — it was written by a newer @dl/face: upgrade' : ''}`,
      { path },
    );
  }
  if (version === 1) json = upgradeFromV1(json);
  const ok =
    Array.isArray(json.people) &&
    json.people.every(
      (p) =>
        typeof p?.name === 'string' &&
        Array.isArray(p.descriptors) &&
        p.descriptors.every(
          (d) => Array.isArray(d) && d.length === json.descriptorModel?.dimensions,
        ),
    ) &&
    typeof json.threshold === 'number' &&
    json.threshold > 0 &&
    (json.ratio === undefined || (typeof json.ratio === 'number' && json.ratio > 0)) &&
    (json.match === 'nearest' || json.match === 'centroid');
  if (!ok)
    throw new DlError(
      'FILE_CORRUPT',
      'the gallery has malformed people, descriptors, threshold, ratio or match',
      { path },
    );
  if (info) checkGalleryModel(json, info, path);
  return json;
}

/** A version 1 gallery (@dl/face 0.1): its calibration was at the FAR target only. */
function upgradeFromV1(json: FaceGallery): FaceGallery {
  const source = json.thresholdSource as ThresholdSource | undefined;
  const thresholdSource: ThresholdSource =
    source?.method === 'validation'
      ? { ...source, rule: 'far', farThreshold: json.threshold }
      : (source ?? { method: 'given' });
  return { ...json, formatVersion: GALLERY_FORMAT_VERSION, thresholdSource };
}

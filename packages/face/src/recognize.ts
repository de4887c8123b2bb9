import { DlError } from '@dl/core';
import { type CalibrateOptions, calibrateGallery, canCalibrate } from './calibrate';
import type { FaceDataset } from './data';
import {
  type EmbedOptions,
  type FaceEmbedder,
  type FaceEmbedding,
  loadFaceEmbedder,
} from './embed/embedder';
import type { FaceWeightsOptions } from './embed/weights';
import {
  addToGallery,
  checkGalleryModel,
  type FaceGallery,
  type GalleryMatch,
  type GalleryMatchResult,
  loadGallery,
  matchDescriptor,
  newGallery,
  saveGallery,
} from './gallery';
import { euclidean } from './openset';
import type { FaceInput } from './task';

/** Shared by enrol, identify and verify. */
export interface RecognizeOptions extends EmbedOptions, FaceWeightsOptions {
  /** A loaded embedder to reuse (not disposed). Default: loaded for the call and disposed after. */
  embedder?: FaceEmbedder;
}

/** Images of people: person → images, or a labelled data set. */
export type EnrolImages = Readonly<Record<string, readonly FaceInput[]>> | FaceDataset;

export interface EnrollFacesOptions extends RecognizeOptions {
  images: EnrolImages;
  /** Save the gallery here (atomically; only a gallery file is replaced). Default: not saved. */
  galleryPath?: string;
  /** Add to this gallery instead of a new one (same descriptor model). */
  gallery?: FaceGallery;
  /** Distance threshold of a new gallery. Default DEFAULT_FACE_THRESHOLD (0.45). */
  threshold?: number;
  /** 'nearest' enrolled image or the person's 'centroid'. Default 'nearest'. */
  match?: GalleryMatch;
  /**
   * After enrolling, set the threshold from the enrolment images themselves (calibrateGallery,
   * leave one out) with these options; skipped, keeping the threshold, when the gallery cannot
   * be scored yet (fewer than two people, or no one with two images) or its threshold was
   * given; the ratio test (unless `ratio: false`) waits for three people. Default false: the
   * threshold is kept.
   */
  calibrate?: boolean | CalibrateOptions;
}

async function withEmbedder<T>(
  o: RecognizeOptions,
  work: (e: FaceEmbedder) => Promise<T>,
): Promise<T> {
  if (o.embedder) return work(o.embedder);
  const embedder = await loadFaceEmbedder(o);
  try {
    return await work(embedder);
  } finally {
    embedder.dispose();
  }
}

const sourceOf = (input: FaceInput) => (typeof input === 'string' ? input : input.source);

/** Embeds one image, naming it in the error when no face is found or it cannot be read. */
async function embedNamed(
  e: FaceEmbedder,
  input: FaceInput,
  o: EmbedOptions,
): Promise<FaceEmbedding> {
  try {
    return await e.embed(input, o);
  } catch (err) {
    const where = sourceOf(input);
    if (err instanceof DlError && where && !err.message.includes(where)) {
      throw new DlError(err.code, err.message, { path: where, cause: err });
    }
    throw err;
  }
}

function entriesOf(images: EnrolImages): [string, FaceInput[]][] {
  if ('samples' in images && Array.isArray(images.samples)) {
    const data = images as FaceDataset;
    return data.people.map((p, k) => [
      p,
      data.samples.filter((s) => s.label === k).map((s) => s.image),
    ]);
  }
  return Object.entries(images as Record<string, FaceInput[]>).map(([p, list]) => [p, [...list]]);
}

/**
 * Enrols people from a few images each: every image is detected (or taken as cropped, see
 * `locate`), aligned by its landmarks and described; the descriptors go into a gallery,
 * saved to `galleryPath` when given. An image with no face is refused, naming it.
 */
export async function enrollFaces(o: EnrollFacesOptions): Promise<FaceGallery> {
  return withEmbedder(o, async (embedder) => {
    const gallery = o.gallery ?? newGallery(embedder.info, o);
    checkGalleryModel(gallery, embedder.info);
    const entries = entriesOf(o.images);
    if (entries.length === 0 || entries.some(([, list]) => list.length === 0)) {
      throw new DlError('INVALID_ARGUMENT', 'enrolment needs at least one image of every person');
    }
    for (const [person, inputs] of entries) {
      const descriptors = [];
      for (const input of inputs)
        descriptors.push((await embedNamed(embedder, input, o)).descriptor);
      addToGallery(gallery, person, descriptors);
    }
    const calibrate = o.calibrate === true ? {} : (o.calibrate ?? false);
    if (calibrate && gallery.thresholdSource.method !== 'given' && canCalibrate(gallery)) {
      // the ratio test, unless turned off, waits for a third person
      const ratio = calibrate.ratio === false ? false : 'auto';
      calibrateGallery(gallery, undefined, { ...calibrate, ratio });
    }
    if (o.galleryPath) await saveGallery(o.galleryPath, gallery);
    return gallery;
  });
}

export interface IdentifyFacesOptions extends RecognizeOptions {
  /** A gallery, or the path of a saved one. */
  gallery: FaceGallery | string;
  inputs: readonly FaceInput[];
  /** How many people each answer ranks. Default 3. */
  topK?: number;
}

/** A probe's answer: who (or null for unknown), the ranking, and where the face was. */
export interface IdentifyResult extends GalleryMatchResult {
  source?: string;
  box: FaceEmbedding['box'];
}

/**
 * Who is in each image: the nearest enrolled person when within the gallery's threshold,
 * else `person: null` ("unknown"). Results in input order.
 */
export async function identifyFaces(o: IdentifyFacesOptions): Promise<IdentifyResult[]> {
  return withEmbedder(o, async (embedder) => {
    const gallery =
      typeof o.gallery === 'string' ? await loadGallery(o.gallery, embedder.info) : o.gallery;
    checkGalleryModel(gallery, embedder.info);
    const out: IdentifyResult[] = [];
    for (const input of o.inputs) {
      const e = await embedNamed(embedder, input, o);
      out.push({
        ...matchDescriptor(gallery, e.descriptor, o.topK),
        source: sourceOf(input),
        box: e.box,
      });
    }
    return out;
  });
}

export interface VerifyFacesOptions extends RecognizeOptions {
  a: FaceInput;
  b: FaceInput;
  /** Same person when the distance is at or below this. Default DEFAULT_FACE_THRESHOLD (0.45), or a gallery's. */
  threshold?: number;
}

/** Are two images of one person? The descriptor distance against the threshold. */
export async function verifyFaces(
  o: VerifyFacesOptions,
): Promise<{ same: boolean; distance: number; threshold: number }> {
  return withEmbedder(o, async (embedder) => {
    const threshold = o.threshold ?? newGallery(embedder.info).threshold;
    const [a, b] = [await embedNamed(embedder, o.a, o), await embedNamed(embedder, o.b, o)];
    const distance = euclidean(a.descriptor, b.descriptor);
    return { same: distance <= threshold, distance, threshold };
  });
}

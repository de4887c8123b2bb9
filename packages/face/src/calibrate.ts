import { DlError } from '@dl/core';
import {
  distanceRatio,
  type FaceGallery,
  matchDescriptor,
  type ScoreThreshold,
  type ThresholdRule,
} from './gallery';
import { euclidean, tarAtFar } from './openset';

/** How calibrateGallery chooses the threshold. */
export interface CalibrateOptions {
  /**
   * 'tar-far' (default): the smallest threshold that still accepts a fraction `tar` of the
   * genuine scores, but never above the FAR threshold — the lowest false-accept rate that keeps
   * that genuine acceptance. 'far': the FAR threshold itself (the rule of @dl/face 0.1).
   */
  rule?: ThresholdRule;
  /** Most impostor scores accepted, as a fraction. Default 0.01. */
  far?: number;
  /** Genuine scores to accept under 'tar-far', as a fraction in (0, 1]. Default 0.99. */
  tar?: number;
  /**
   * The ratio test (FaceGallery.ratio): a probe is identified only when its distance to the
   * nearest person is at most this fraction of its distance to the second nearest, the
   * fraction calibrated by the same rule on leave-one-person-out ratios. Stricter on strangers
   * (the more people enrolled, the more a stranger's nearest two are alike), and it turns away
   * more enrolled faces too. 'auto' (default): on from three people (it is scored among the
   * others of each image's person); true: on, refused under three people; false: off.
   */
  ratio?: boolean | 'auto';
}

export const DEFAULT_CALIBRATION: Required<CalibrateOptions> = {
  rule: 'tar-far',
  far: 0.01,
  tar: 0.99,
  ratio: 'auto',
};

/** A labelled descriptor: a validation image of an enrolled person. */
export interface LabelledDescriptor {
  person: string;
  descriptor: ArrayLike<number>;
}

/** Genuine and impostor scores, as distances and as nearest / second-nearest ratios. */
export interface GalleryScores {
  genuine: number[];
  impostor: number[];
  genuineRatio: number[];
  impostorRatio: number[];
}

/**
 * Genuine and impostor scores of validation images of enrolled people, as identification sees
 * them: a genuine score is an image's distance to its own person (their other enrolled images,
 * so an enrolled image is left out of its own comparison), an impostor score its distance to
 * the nearest other person — what a face of someone never enrolled is compared with. Their
 * ratios: the genuine distance over the nearest other person's; the impostor one, the nearest
 * other person's over the second nearest other person's (the image's own person left out).
 */
export function galleryScores(
  gallery: FaceGallery,
  validation: readonly LabelledDescriptor[],
): GalleryScores {
  const s: GalleryScores = { genuine: [], impostor: [], genuineRatio: [], impostorRatio: [] };
  for (const v of validation) {
    const others = gallery.people.filter((p) => p.name !== v.person);
    const ranked =
      others.length > 0
        ? matchDescriptor({ ...gallery, people: others }, v.descriptor, others.length).ranking
        : [];
    if (ranked.length > 0) s.impostor.push(ranked[0].distance);
    if (ranked.length > 1)
      s.impostorRatio.push(distanceRatio(ranked[0].distance, ranked[1].distance));
    const own = gallery.people.find((p) => p.name === v.person);
    const rest = own?.descriptors.filter((d) => euclidean(d, v.descriptor) > 1e-6) ?? [];
    if (own && rest.length > 0) {
      const alone = { ...gallery, people: [{ name: own.name, descriptors: rest }] };
      const d = matchDescriptor(alone, v.descriptor).distance;
      s.genuine.push(d);
      if (ranked.length > 0) s.genuineRatio.push(distanceRatio(d, ranked[0].distance));
    }
  }
  return s;
}

/** The gallery's own enrolment images as validation (scored leave-one-out by galleryScores). */
export const enrolmentImages = (gallery: FaceGallery): LabelledDescriptor[] =>
  gallery.people.flatMap((p) =>
    p.descriptors.map((descriptor) => ({ person: p.name, descriptor })),
  );

/** The threshold of `rule` on genuine and impostor scores (accept at or below it). */
export function chooseThreshold(
  genuine: readonly number[],
  impostor: readonly number[],
  o: CalibrateOptions = {},
): ScoreThreshold {
  const { rule, far, tar } = { ...DEFAULT_CALIBRATION, ...o };
  if (rule !== 'tar-far' && rule !== 'far') {
    throw new DlError('INVALID_ARGUMENT', `rule must be 'tar-far' or 'far', got ${rule}`);
  }
  if (!(tar > 0 && tar <= 1)) {
    throw new DlError('INVALID_ARGUMENT', `tar must be in (0, 1], got ${tar}`);
  }
  const atFar = tarAtFar(genuine, impostor, far);
  let threshold = atFar.threshold;
  if (rule === 'tar-far') {
    // the smallest genuine score with a fraction ≥ tar of the genuine scores at or below it
    const g = Float64Array.from(genuine).sort();
    const atTar = g[Math.max(0, Math.ceil(tar * g.length - 1e-9) - 1)];
    threshold = Math.min(atFar.threshold, atTar);
  }
  const share = (v: readonly number[]) => v.filter((d) => d <= threshold).length / v.length;
  return {
    threshold,
    farThreshold: atFar.threshold,
    tar: share(genuine),
    farAccepted: share(impostor),
    genuine: genuine.length,
    impostor: impostor.length,
  };
}

/**
 * Sets a gallery's threshold for open-set identification from validation descriptors of
 * enrolled people — by default the gallery's own enrolment images, each scored against the
 * others (leave one out; see galleryScores). The rule (default 'tar-far', see CalibrateOptions)
 * is recorded in the gallery with the threshold, its FAR cap and what they accepted, and so is
 * the ratio test (on by default from three people). A number as `options` is the FAR target.
 * Needs two people, one of them with two images.
 */
export function calibrateGallery(
  gallery: FaceGallery,
  validation: readonly LabelledDescriptor[] = enrolmentImages(gallery),
  options: number | CalibrateOptions = {},
): FaceGallery {
  const o = {
    ...DEFAULT_CALIBRATION,
    ...(typeof options === 'number' ? { far: options } : options),
  };
  const scores = galleryScores(gallery, validation);
  const { threshold, ...distance } = chooseThreshold(scores.genuine, scores.impostor, o);
  let ratio: ScoreThreshold | undefined;
  const three = gallery.people.length >= 3 && scores.impostorRatio.length > 0;
  if (o.ratio === true || (o.ratio === 'auto' && three)) {
    if (!three) {
      throw new DlError(
        'DATA_INVALID',
        `the ratio test is calibrated on three people or more; the gallery has ${gallery.people.length}`,
      );
    }
    ratio = chooseThreshold(scores.genuineRatio, scores.impostorRatio, o);
  }
  gallery.threshold = threshold;
  if (ratio) gallery.ratio = ratio.threshold;
  else delete gallery.ratio;
  gallery.thresholdSource = {
    method: 'validation',
    rule: o.rule,
    far: o.far,
    ...(o.rule === 'tar-far' ? { targetTar: o.tar } : {}),
    ...distance,
    ...(ratio ? { ratio } : {}),
  };
  return gallery;
}

/**
 * Whether calibrateGallery can score this gallery on its own images: two people, one of them
 * with two different descriptors.
 */
export const canCalibrate = (gallery: FaceGallery): boolean =>
  gallery.people.length >= 2 &&
  gallery.people.some((p) => p.descriptors.some((d) => euclidean(d, p.descriptors[0]) > 1e-6));

import type { DecodedImage } from '@dl/core';

/** The file layouts loadFaceDataset reads. */
export type FaceLayout = 'folders' | 'prefix' | 'bioid';

/** A file name → person rule: a RegExp whose first capture group is the person, or a function. */
export type LabelFromName = RegExp | ((name: string) => string);

/** BioID file stem (`BioID_0042`) → person. */
export type BioIdIdentities = Readonly<Record<string, string>> | ((stem: string) => string);

/** One labelled face image. */
export interface FaceSample {
  /** The image as decoded (any size; gray or colour). */
  image: DecodedImage;
  /** Index into the data set's `people`. */
  label: number;
  /** The file it came from, when it came from one. */
  path?: string;
  /** Yale's condition (`glasses`, `leftlight`…), or a synthetic image's variation number. */
  condition?: string;
  /** Eye centres in pixels, from a BioID `.eye` file or the synthetic generator. */
  eyes?: EyePositions;
}

/** The centres of the person's left and right eye (the image's right and left), in pixels. */
export interface EyePositions {
  left: [number, number];
  right: [number, number];
}

/** Labelled face images and who they are. */
export interface FaceDataset {
  samples: FaceSample[];
  /** Person names, sorted; a sample's `label` indexes this. */
  people: string[];
  /** How the files were laid out ('synthetic' for generated faces). */
  layout: FaceLayout | 'synthetic';
  synthetic: boolean;
  /** A hash of the pixels and labels: a checkpoint of other data is refused on resume. */
  fingerprint: string;
}

/** A loaded file before labels become indices. */
export interface ListedFace {
  path: string;
  person: string;
  image: DecodedImage;
  condition?: string;
  eyes?: EyePositions;
}

import type { FaceDataset } from '@dl/face';
import type { FlagSpec } from '../../framework/flags';

type FaceModule = typeof import('@dl/face');

export const FACE_FOLDER = {
  type: 'path',
  mustExist: true,
  placeholder: 'DIR',
  help: 'labelled face images: a folder per person (ORL’s s1/1.pgm), or one folder named by prefix (Yale’s subject01.happy, A_001.jpg) or BioID',
} as const satisfies FlagSpec;

export const LAYOUT = {
  type: 'enum',
  values: ['auto', 'folders', 'prefix', 'bioid'],
  default: 'auto',
  help: 'how the folder names people (auto: folders when there are sub-folders, else prefixes)',
} as const satisfies FlagSpec;

/** The pretrained route's face finding, shared by enroll, identify and verify. */
export const EMBED_FLAGS = {
  locate: {
    type: 'enum',
    values: ['detect', 'cropped', 'auto'],
    default: 'detect',
    help: 'detect: find the face (the most confident); cropped: the image is already a face crop; auto: detect, else take it as cropped',
  },
  'score-threshold': {
    type: 'number',
    min: 0,
    max: 1,
    minExclusive: true,
    maxExclusive: true,
    defaultText: '0.5',
    help: 'the detector’s minimum confidence (tight crops of one face score lower: try 0.2)',
  },
} as const satisfies Record<string, FlagSpec>;

export const THRESHOLD = {
  type: 'number',
  min: 0,
  minExclusive: true,
  defaultText: '0.45',
  help: 'descriptor distance at or below which two faces are one person',
} as const satisfies FlagSpec;

/** Only the options given: @dl/face spreads them over its defaults, so an undefined would win. */
export const embedOptions = (f: {
  locate: 'detect' | 'cropped' | 'auto';
  'score-threshold'?: number;
}) => ({
  locate: f.locate,
  ...(f['score-threshold'] === undefined ? {} : { scoreThreshold: f['score-threshold'] }),
});

/** A labelled folder (a person needs at least `min` images). */
export function loadFolder(
  face: FaceModule,
  dir: string,
  layout: 'auto' | 'folders' | 'prefix' | 'bioid',
  min?: number,
): Promise<FaceDataset> {
  return face.loadFaceDataset(dir, { layout, minImagesPerPerson: min });
}

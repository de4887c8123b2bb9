import type { GlyphKind } from '@dl/vision-plate';
import type { FlagSpec } from '../../framework/flags';

/** The three classifiers, in plate order (as @dl/vision-plate's PLATE_KINDS). */
export const KINDS = ['province', 'letter', 'alnum'] as const satisfies readonly GlyphKind[];

export const PLATE_TASKS = KINDS.map((k) => `plate-${k}`);

export const MAPPING_FLAG = {
  type: 'path',
  mustExist: true,
  placeholder: 'FILE',
  help: 'a folder-name → label mapping (for data sets whose class folders are codes, e.g. EasyOCR’s)',
} as const satisfies FlagSpec;

/** Where a MODELS folder keeps its whole-plate reader, beside province/, letter/ and alnum/. */
export const READER_SUBDIR = 'reader';

export const METHOD = {
  type: 'enum',
  values: ['auto', 'ctc', 'segment'],
  default: 'auto',
  help: 'auto: the whole-plate CTC reader when MODELS is one or holds reader/, else segmentation and the three classifiers; ctc / segment insist on one',
} as const satisfies FlagSpec;

export const DECODING = {
  type: 'enum',
  values: ['beam', 'greedy'],
  default: 'beam',
  help: 'CTC reader: beam (the best path, or the likeliest valid plate among the beam’s) or greedy',
} as const satisfies FlagSpec;

export const CROPS = {
  type: 'path',
  mustExist: true,
  placeholder: 'DIR',
  help: 'labelled plate crops: files named by their text (皖A12345.jpg, 皖A12345_2.jpg), or any names with --labels',
} as const satisfies FlagSpec;

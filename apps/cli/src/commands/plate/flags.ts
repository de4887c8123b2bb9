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

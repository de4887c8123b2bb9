import type { FlagSpec } from '../../framework/flags';
import { SEED_FLAG } from '../shared';

/**
 * How many synthetic voices @dl/speech can make: SYNTH_ACCENTS × SYNTH_VARIANTS (8 × 35). A copy,
 * so that --help need not load the package; test/constants.test.ts checks it against the package.
 */
export const SYNTH_VOICE_LIMIT = 280;

export const SYNTH_FLAGS = {
  voices: {
    type: 'int',
    min: 1,
    max: SYNTH_VOICE_LIMIT,
    default: 24,
    help: 'espeak-ng voices (accent × variant) to synthesise',
  },
  renditions: { type: 'int', min: 1, default: 5, help: 'recordings per voice and digit' },
  seed: { ...SEED_FLAG, default: 1 },
} as const satisfies Record<string, FlagSpec>;

export const FSDD_DIR = {
  type: 'path',
  mustExist: true,
  placeholder: 'DIR',
  help: 'a Free Spoken Digit Dataset folder (recordings/<digit>_<speaker>_<index>.wav), any WAV rate or channel count',
} as const satisfies FlagSpec;

export const TEST_SPEAKERS = {
  type: 'string',
  list: true,
  placeholder: 'A,B',
  help: 'the voices held out for testing (implies --split speaker)',
} as const satisfies FlagSpec;

import type { TextCnnArchitecture, TextModelKind } from '@dl/textcnn';
import type { FlagSpec } from '../../framework/flags';
import { SEED_FLAG } from '../shared';

/*
 * Copies of @dl/textcnn's constants, so that --help need not load the package;
 * test/constants.test.ts checks each against the package.
 */

/** TEXTCNN_ARCHITECTURES. */
export const ARCHITECTURES = [
  'seed',
  'default',
  'cnn-rand',
  'cnn-static',
  'cnn-non-static',
  'cnn-multichannel',
  'tfidf',
  'nbsvm',
] as const satisfies readonly TextCnnArchitecture[];

/** The linear baselines: one full-batch fit, no epochs or checkpoints. */
export const LINEAR = ['tfidf', 'nbsvm'] as const;

/** TEXT_MODEL_KINDS: the names --model took ('cnn-seed' is now 'seed'). */
export const OLD_MODEL_NAMES = [
  'cnn-rand',
  'cnn-static',
  'cnn-non-static',
  'cnn-multichannel',
  'cnn-seed',
  'tfidf',
] as const satisfies readonly TextModelKind[];

/** TEXTCNN_DEFAULTS.maxLen and .epochs. */
export const DEFAULT_MAX_LEN = 70;
export const DEFAULT_EPOCHS = 10;

export type Architecture = (typeof ARCHITECTURES)[number];

/** The architecture an old --model name stands for. */
export const fromOldName = (name: (typeof OLD_MODEL_NAMES)[number]): Architecture =>
  name === 'cnn-seed' ? 'seed' : name;

export const SENTENCES = {
  type: 'path',
  placeholder: 'PATH',
  help: 'an MR-style pair (NAME.pos / NAME.neg, or their folder) or a CSV/TSV of label,text (the SMS Spam Collection); without it, synthetic sentiment sentences',
} as const satisfies FlagSpec;

export const DATA_FLAGS = {
  data: SENTENCES,
  'synthetic-count': {
    type: 'int',
    min: 1,
    default: 2000,
    help: 'synthetic sentences (without --data)',
  },
  seed: SEED_FLAG,
} as const satisfies Record<string, FlagSpec>;

export const EMBEDDINGS = {
  type: 'path',
  mustExist: true,
  placeholder: 'FILE',
  help: 'a GloVe or word2vec text file (needed by cnn-static, cnn-non-static, cnn-multichannel)',
} as const satisfies FlagSpec;

export const EPOCHS = {
  type: 'int',
  min: 1,
  defaultText: String(DEFAULT_EPOCHS),
  help: 'CNN passes over the training data',
} as const satisfies FlagSpec;

type TextCnnModule = typeof import('@dl/textcnn');

/** --data, or synthetic sentiment sentences. */
export async function sentencesOf(
  textcnn: TextCnnModule,
  flags: { data?: string; 'synthetic-count': number; seed?: number },
) {
  if (flags.data) return textcnn.loadTextCnnDataset(flags.data);
  return textcnn.synthTextCnnSentiment({ count: flags['synthetic-count'], seed: flags.seed ?? 1 });
}

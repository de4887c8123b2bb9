import type { BackboneSpec, FineTuneOptions } from '@dl/transfer';
import type { FlagSpec } from '../../framework/flags';
import { usageError } from '../shared';

type TransferModule = typeof import('@dl/transfer');

export const CLASS_FOLDERS = {
  type: 'path',
  mustExist: true,
  placeholder: 'DIR',
  help: 'a folder of class folders of images (cats/*.jpg, dogs/*.jpg)',
} as const satisfies FlagSpec;

export const CACHE = {
  type: 'path',
  placeholder: 'DIR',
  help: 'keep features here, keyed by each file’s content hash and the backbone: computed once, reused by later runs (absent, empty or an earlier cache)',
} as const satisfies FlagSpec;

export const FROM = {
  type: 'path',
  mustExist: true,
  placeholder: 'DIR',
  defaultText: 'the current folder',
  help: 'the project whose node_modules hold the backbone’s weight package',
} as const satisfies FlagSpec;

/** Which frozen network gives the features: a built-in one, or a TF.js model folder. */
export const BACKBONE_FLAGS = {
  backbone: {
    type: 'string',
    placeholder: 'NAME',
    defaultText: 'centernet',
    help: 'a built-in backbone (see dl transfer backbones)',
  },
  'backbone-dir': {
    type: 'path',
    mustExist: true,
    placeholder: 'DIR',
    help: 'your own TF.js model folder (layers or graph model) instead, cut at --feature-nodes',
  },
  'feature-nodes': {
    type: 'string',
    list: true,
    placeholder: 'NODE,NODE',
    help: 'with --backbone-dir: the nodes whose pooled outputs are the features',
  },
  'input-size': {
    type: 'int',
    min: 8,
    max: 4096,
    defaultText: '224',
    help: 'with --backbone-dir: the square input side the network expects',
  },
  scaling: {
    type: 'enum',
    values: ['raw', 'unit', 'symmetric', 'caffe'],
    defaultText: 'unit',
    help: 'with --backbone-dir: pixels as 0–255, 0–1, −1–1 or Caffe’s mean-subtracted BGR',
  },
  'flip-features': {
    type: 'boolean',
    help: 'average each image’s features with its mirror image’s (twice the compute)',
  },
} as const satisfies Record<string, FlagSpec>;

interface BackboneFlags {
  backbone?: string;
  'backbone-dir'?: string;
  'feature-nodes'?: string[];
  'input-size'?: number;
  scaling?: 'raw' | 'unit' | 'symmetric' | 'caffe';
}

const DIRECTORY_ONLY = ['feature-nodes', 'input-size', 'scaling'] as const;

/** --backbone NAME, or --backbone-dir with its nodes and preprocessing (checked before work). */
export function backboneOf(
  transfer: TransferModule,
  f: BackboneFlags,
): string | BackboneSpec | undefined {
  if (!f['backbone-dir']) {
    const stray = DIRECTORY_ONLY.filter((k) => f[k] !== undefined);
    if (stray.length) {
      throw usageError(`${stray.map((k) => `--${k}`).join(', ')} needs --backbone-dir`);
    }
    return f.backbone;
  }
  if (f.backbone !== undefined) throw usageError('give --backbone or --backbone-dir, not both');
  if (!f['feature-nodes']?.length) throw usageError('--backbone-dir needs --feature-nodes');
  const side = f['input-size'] ?? 224;
  return transfer.backboneFromDirectory(f['backbone-dir'], {
    features: f['feature-nodes'],
    preprocessing: { size: [side, side], scaling: f.scaling ?? 'unit' },
  });
}

/** Fine-tuning the backbone's top (train and cv). */
export const FINE_TUNE_FLAGS = {
  'fine-tune-from': {
    type: 'string',
    placeholder: 'LAYER',
    help: 'also train the backbone’s top from this layer on (a layers backbone: the nsfw-* ones or a layers --backbone-dir), e.g. block_16_expand; the head is trained on the frozen features first',
  },
  'fine-tune-lr': {
    type: 'number',
    min: 0,
    minExclusive: true,
    defaultText: '1e-4',
    help: 'with --fine-tune-from: Adam’s learning rate for top and head',
  },
  'fine-tune-epochs': {
    type: 'int',
    min: 1,
    defaultText: '30 (early stopping ends sooner)',
    help: 'with --fine-tune-from: passes over the training views',
  },
  views: {
    type: 'int',
    min: 1,
    defaultText: '4',
    help: 'with --fine-tune-from: views of each training image (original, mirror, then random crops and colour jitter)',
  },
} as const satisfies Record<string, FlagSpec>;

interface FineTuneFlags {
  'fine-tune-from'?: string;
  'fine-tune-lr'?: number;
  'fine-tune-epochs'?: number;
  views?: number;
}

/** The `fineTune` option of --fine-tune-from and its flags; a stray flag without it is refused. */
export function fineTuneOf(f: FineTuneFlags): FineTuneOptions | undefined {
  const stray = (['fine-tune-lr', 'fine-tune-epochs', 'views'] as const).find(
    (k) => f[k] !== undefined,
  );
  if (!f['fine-tune-from']) {
    if (stray) throw usageError(`--${stray} needs --fine-tune-from LAYER`);
    return undefined;
  }
  return {
    from: f['fine-tune-from'],
    learningRate: f['fine-tune-lr'],
    epochs: f['fine-tune-epochs'],
    views: f.views,
  };
}

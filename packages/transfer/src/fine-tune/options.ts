import { DlError } from '@dl/core';
import type { BackboneSpec } from '../backbones/spec';
import { AUGMENT_DEFAULTS, type FineTuneAugment } from './views';

/**
 * Fine-tuning the top of a layers backbone (trainTransfer's `fineTune`): the layers from `from`
 * to the feature node(s) are trained together with the head, at a low rate; everything below
 * stays frozen. The head is first trained on the frozen features (as without fine-tuning),
 * then top and head are trained together with Adam, early stopping on the validation split,
 * the best epoch kept (the frozen head's weights when no epoch beats them). The bottom's
 * outputs are computed once per image and view and kept in memory.
 */
export interface FineTuneOptions {
  /** The layer the trained top starts at, e.g. 'block_16_expand' (MobileNetV2). Required. */
  from: string;
  /** Adam's learning rate for top and head. Default 1e-4. */
  learningRate?: number;
  /** Upper bound on fine-tuning epochs (early stopping ends them sooner). Default 30. */
  epochs?: number;
  /** Epochs without a better validation loss before fine-tuning stops. Default 5. */
  patience?: number;
  /**
   * Views of each training image: the original, its mirror (augment.flip), then random
   * crops / colour jitters. Default 4.
   */
  views?: number;
  augment?: FineTuneAugment;
}

export const FINE_TUNE_DEFAULTS = {
  learningRate: 1e-4,
  epochs: 30,
  patience: 5,
  views: 4,
  augment: AUGMENT_DEFAULTS,
} as const;

/** Every setting of a fine-tuning run, defaults filled in (dl.json's `extra.fineTune`). */
export interface FineTunePlan {
  from: string;
  learningRate: number;
  epochs: number;
  patience: number;
  views: number;
  augment: Required<FineTuneAugment>;
}

/** Which built-in backbones can be fine-tuned (layers models). */
export const layersBackboneNames = (all: readonly BackboneSpec[]): string[] =>
  all.filter((b) => b.weights.format !== 'graph-model').map((b) => b.name);

/** Fills in the defaults and rejects impossible values; a graph-model backbone is refused. */
export function planFineTune(
  o: FineTuneOptions,
  spec: BackboneSpec,
  builtins: readonly BackboneSpec[],
): FineTunePlan {
  const fail = (m: string): never => {
    throw new DlError('INVALID_ARGUMENT', `fineTune: ${m}`);
  };
  if (spec.weights.format === 'graph-model') {
    fail(
      `backbone '${spec.name}' is a TF.js graph model, whose weights cannot be trained; ` +
        `fine-tuning needs a layers backbone: ${layersBackboneNames(builtins).join(', ')}, ` +
        'a TF.js layers model directory (backboneFromDirectory) or a Keras builder saved as one',
    );
  }
  if (typeof o.from !== 'string' || o.from === '') fail('from must name a layer of the backbone');
  const a = { ...AUGMENT_DEFAULTS, ...o.augment };
  const plan: FineTunePlan = {
    from: o.from,
    learningRate: o.learningRate ?? FINE_TUNE_DEFAULTS.learningRate,
    epochs: o.epochs ?? FINE_TUNE_DEFAULTS.epochs,
    patience: o.patience ?? FINE_TUNE_DEFAULTS.patience,
    views: o.views ?? FINE_TUNE_DEFAULTS.views,
    augment: { flip: a.flip, crop: a.crop, colour: a.colour },
  };
  if (!(plan.learningRate > 0 && Number.isFinite(plan.learningRate))) {
    fail(`learningRate must be a positive number, got ${plan.learningRate}`);
  }
  for (const [name, v, min] of [
    ['epochs', plan.epochs, 1],
    ['views', plan.views, 1],
    ['patience', plan.patience, 0],
  ] as const) {
    if (!Number.isInteger(v) || v < min) fail(`${name} must be an integer ≥ ${min}, got ${v}`);
  }
  if (!(plan.augment.crop > 0 && plan.augment.crop <= 1)) {
    fail(`augment.crop must be in (0, 1], got ${plan.augment.crop}`);
  }
  if (!(plan.augment.colour >= 0 && plan.augment.colour < 1)) {
    fail(`augment.colour must be in [0, 1), got ${plan.augment.colour}`);
  }
  return plan;
}

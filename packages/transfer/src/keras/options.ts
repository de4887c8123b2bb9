import { DlError } from '@dl/core';

/** Options shared by the Keras-compatible builders. */
export interface KerasApplicationOptions {
  /** The classifier on top (ImageNet's 1,000 classes by default). Default true. */
  includeTop?: boolean;
  /** `[height, width, 3]`. Default the network's ImageNet size (224, InceptionV3 299). */
  inputShape?: [number, number, number];
  /** Classes of the top. Default 1000. */
  classes?: number;
  /** Without the top: 'avg' / 'max' global pooling of the last block, or none. Default none. */
  pooling?: 'avg' | 'max';
  /**
   * 'random' (default): Keras' initialisers; 'zeros': every weight zero, built fast and without
   * drawing 100 M random numbers — for loading .h5 weights into (which sets them all).
   */
  init?: 'random' | 'zeros';
}

export interface ResolvedApplication {
  includeTop: boolean;
  inputShape: [number, number, number];
  classes: number;
  pooling: 'avg' | 'max' | undefined;
  zeros: boolean;
}

export function resolveApplication(
  name: string,
  o: KerasApplicationOptions,
  defaultSide: number,
  minSide: number,
): ResolvedApplication {
  const includeTop = o.includeTop ?? true;
  const inputShape = o.inputShape ?? [defaultSide, defaultSide, 3];
  const [h, w, c] = inputShape;
  if (c !== 3 || ![h, w].every((v) => Number.isInteger(v) && v >= minSide)) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `${name}: inputShape must be [height, width, 3] with sides ≥ ${minSide}, got [${inputShape}]`,
    );
  }
  if (includeTop && (h !== defaultSide || w !== defaultSide)) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `${name}: with the top the input must be ${defaultSide}×${defaultSide}, got ${h}×${w} (use includeTop: false)`,
    );
  }
  const classes = o.classes ?? 1000;
  if (!Number.isInteger(classes) || classes < 1) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `${name}: classes must be a positive integer, got ${classes}`,
    );
  }
  return { includeTop, inputShape, classes, pooling: o.pooling, zeros: o.init === 'zeros' };
}

/** Initialiser overrides for the 'zeros' build (every kernel, bias and BN weight zero or one). */
export const zeroInit = (zeros: boolean) =>
  zeros ? { kernelInitializer: 'zeros' as const, biasInitializer: 'zeros' as const } : {};

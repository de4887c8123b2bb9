import { DlError, tf } from '@dl/core';
import {
  PLATE_READER_INPUT,
  PLATE_READER_SYMBOLS,
  type PlateReaderArchitecture,
  type PlateReaderInput,
  readerSteps,
} from './task';

export interface PlateReaderModelOptions {
  /** Default PLATE_READER_INPUT (24 × 94 × 3). Height must be a multiple of 8. */
  input?: PlateReaderInput;
  /** Symbols (default the 65 of PLATE_READER_SYMBOLS); the model has one more output, the blank. */
  classes?: number;
  /** 'default' or 'small' (fewer filters, about half the cost). Default 'default'. */
  architecture?: PlateReaderArchitecture;
  /** Dropout before the context and the output layers (default 0.25). */
  dropout?: number;
}

/** Filters of the three conv stages and the per-step feature width, per architecture. */
const SIZES: Record<PlateReaderArchitecture, { stages: number[]; features: number }> = {
  default: { stages: [32, 64, 128], features: 192 },
  small: { stages: [24, 48, 96], features: 128 },
};

type Sym = tf.SymbolicTensor;
const on = (layer: tf.layers.Layer, x: Sym) => layer.apply(x) as Sym;

function convBnRelu(x: Sym, filters: number, kernel: [number, number], name: string): Sym {
  const padding = 'same';
  x = on(
    tf.layers.conv2d({
      filters,
      kernelSize: kernel,
      padding,
      useBias: false,
      kernelInitializer: 'heNormal',
      name,
    }),
    x,
  );
  // Momentum 0.9: the moving statistics must follow within a short run (see buildPlateModel).
  x = on(tf.layers.batchNormalization({ momentum: 0.9, name: `${name}_bn` }), x);
  return on(tf.layers.reLU({ name: `${name}_relu` }), x);
}

/**
 * The whole-plate reader, LPRNet-like (Zherzdev & Gruzdev 2018) and segmentation-free: three
 * conv stages over the crop (2×2, 2×2 and 2×1 pooling, so the width becomes 24 time steps
 * and the height 3 rows), a (3 × 1) convolution that folds the rows into per-step features,
 * a (1 × 5) convolution that lets each step see its neighbours (a character spans ~3 steps),
 * and a 1 × 1 convolution to the symbols plus the CTC blank (last). Outputs logits
 * [batch, steps, classes + 1]; decode with ctcGreedyDecode / ctcBeamSearch. No recurrent layer:
 * plates are short, fixed-layout sequences and convolutions train several times faster here.
 * Returned uncompiled (trainPlateReader compiles it).
 */
export function buildPlateReaderModel(options: PlateReaderModelOptions = {}): tf.LayersModel {
  const input = options.input ?? PLATE_READER_INPUT;
  const classes = options.classes ?? PLATE_READER_SYMBOLS.length;
  const architecture = options.architecture ?? 'default';
  const size = SIZES[architecture];
  if (!size) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `architecture must be one of ${Object.keys(SIZES).join(', ')}; got ${JSON.stringify(architecture)}`,
    );
  }
  if (input.height % 8 !== 0 || input.width < 32) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `the reader's input height must be a multiple of 8 and its width at least 32; got ${input.height} × ${input.width}`,
    );
  }
  const dropout = options.dropout ?? 0.25;
  const image = tf.input({ shape: [input.height, input.width, input.channels], name: 'plate' });
  const [f1, f2, f3] = size.stages;
  let x = convBnRelu(image, f1, [3, 3], 'conv1');
  x = on(tf.layers.maxPooling2d({ poolSize: 2, padding: 'same', name: 'pool1' }), x);
  x = convBnRelu(x, f2, [3, 3], 'conv2');
  x = on(tf.layers.maxPooling2d({ poolSize: 2, padding: 'same', name: 'pool2' }), x);
  x = convBnRelu(x, f3, [3, 3], 'conv3a');
  x = convBnRelu(x, f3, [3, 3], 'conv3b');
  x = on(tf.layers.maxPooling2d({ poolSize: [2, 1], padding: 'same', name: 'pool3' }), x);
  const rows = input.height / 8;
  x = on(
    tf.layers.conv2d({
      filters: size.features,
      kernelSize: [rows, 1],
      useBias: false,
      name: 'fold',
    }),
    x,
  );
  x = on(tf.layers.batchNormalization({ momentum: 0.9, name: 'fold_bn' }), x);
  x = on(tf.layers.reLU({ name: 'fold_relu' }), x);
  x = on(tf.layers.dropout({ rate: dropout, name: 'fold_dropout' }), x);
  const steps = readerSteps(input.width);
  x = convBnRelu(x, size.features, [1, 5], 'context');
  x = on(tf.layers.dropout({ rate: dropout, name: 'context_dropout' }), x);
  x = on(tf.layers.conv2d({ filters: classes + 1, kernelSize: 1, name: 'symbols' }), x);
  const logits = on(tf.layers.reshape({ targetShape: [steps, classes + 1], name: 'steps' }), x);
  return tf.model({ inputs: image, outputs: logits, name: `plate_reader_${architecture}` });
}

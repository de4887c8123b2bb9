import type { TensorInfo } from '@tensorflow/tfjs-core';
import { convGeometry } from './conv-info';
import {
  asWasmBackend,
  dispose,
  f32View,
  type KernelArgs,
  runStock,
  type WasmBackend,
} from './heap';

/**
 * Conv2DBackpropInput as a forward convolution, so it runs on XNNPACK (threaded) instead of
 * stock wasm's direct loop (3–5 ms for the seed plate model's 1×1 layer, where the product is
 * 1.6 MFLOP):
 *
 *   dx = conv2d(dilate(dy, stride), rot180(W) with in/out channels swapped, stride 1,
 *               explicit padding (f−1−padTop, …))
 *
 * dilate inserts stride−1 zeros between rows and columns of dy; with stride 1 it is dy itself.
 * Derivation: dx[ih] = Σ_kh dy[(ih + padTop − kh)/s]·W[kh], a correlation with the flipped
 * filter over the zero-dilated dy.
 */
function conv2DBackpropInput(args: KernelArgs): TensorInfo {
  const backend = asWasmBackend(args.backend);
  const { dy, filter } = args.inputs;
  const attrs = args.attrs ?? {};
  const inputShape = attrs.inputShape as number[];
  if ((attrs.dataFormat ?? 'NHWC') !== 'NHWC') {
    return runStock('Conv2DBackpropInput', backend, args.inputs, attrs);
  }
  const info = convGeometry('Conv2DBackpropInput', inputShape, filter.shape, attrs, false);
  const { inHeight: h, inWidth: w, filterHeight: fh, filterWidth: fw } = info;
  const { strideHeight: sh, strideWidth: sw } = info;
  const dilatedH = (info.outHeight - 1) * sh + 1;
  const dilatedW = (info.outWidth - 1) * sw + 1;
  const top = fh - 1 - info.padInfo.top;
  const left = fw - 1 - info.padInfo.left;
  const bottom = h + fh - 1 - top - dilatedH;
  const right = w + fw - 1 - left - dilatedW;
  if (top < 0 || left < 0 || bottom < 0 || right < 0) {
    return runStock('Conv2DBackpropInput', backend, args.inputs, attrs);
  }

  const reversed = runStock('Reverse', backend, { x: filter }, { dims: [0, 1] });
  const flipped = runStock('Transpose', backend, { x: reversed }, { perm: [0, 1, 3, 2] });
  const spread = sh === 1 && sw === 1 ? dy : dilate(backend, dy, sh, sw, dilatedH, dilatedW);
  const dx = runStock(
    'Conv2D',
    backend,
    { x: spread, filter: flipped },
    {
      strides: 1,
      dilations: 1,
      pad: [
        [0, 0],
        [top, bottom],
        [left, right],
        [0, 0],
      ],
      dataFormat: 'NHWC',
    },
  );
  dispose(backend, reversed, flipped);
  if (spread !== dy) dispose(backend, spread);
  return dx;
}

/** dy with (stride − 1) zero rows/columns inserted between its rows/columns. */
function dilate(
  backend: WasmBackend,
  dy: TensorInfo,
  sh: number,
  sw: number,
  dh: number,
  dw: number,
): TensorInfo {
  const [n, ho, wo, c] = dy.shape;
  const out = backend.makeOutput([n, dh, dw, c], 'float32');
  const o = f32View(backend, out);
  const src = f32View(backend, dy);
  o.fill(0);
  for (let b = 0; b < n; b++) {
    for (let y = 0; y < ho; y++) {
      for (let x = 0; x < wo; x++) {
        const from = ((b * ho + y) * wo + x) * c;
        o.set(src.subarray(from, from + c), ((b * dh + y * sh) * dw + x * sw) * c);
      }
    }
  }
  return out;
}

export const conv2DBackpropInputKernel = {
  kernelName: 'Conv2DBackpropInput',
  kernelFunc: conv2DBackpropInput,
} as const;

import type { TensorInfo } from '@tensorflow/tfjs-core';
import { convGeometry } from './conv-info';
import { asWasmBackend, f32View, type KernelArgs } from './heap';

/**
 * Depthwise convolution gradients, which stock wasm lacks. A depthwise conv does
 * fh·fw·channels·multiplier multiply-adds per output position — little work, no matrix
 * product to hand to XNNPACK — so these are direct loops over the wasm heap.
 */
function depthwiseBackpropFilter(args: KernelArgs): TensorInfo {
  const backend = asWasmBackend(args.backend);
  const { x, dy } = args.inputs;
  const attrs = args.attrs ?? {};
  const filterShape = attrs.filterShape as number[];
  const info = convGeometry(
    'DepthwiseConv2dNativeBackpropFilter',
    x.shape,
    filterShape,
    attrs,
    true,
  );
  const [fh, fw, ci, cm] = filterShape;
  const { batchSize, inHeight: h, inWidth: w, outHeight: ho, outWidth: wo } = info;
  const co = ci * cm;
  const out = backend.makeOutput([fh, fw, ci, cm], 'float32');
  const dW = f32View(backend, out);
  const xs = f32View(backend, x);
  const dys = f32View(backend, dy);
  dW.fill(0);
  for (let n = 0; n < batchSize; n++) {
    for (let oh = 0; oh < ho; oh++) {
      for (let kh = 0; kh < fh; kh++) {
        const ih = oh * info.strideHeight + kh * info.dilationHeight - info.padInfo.top;
        if (ih < 0 || ih >= h) continue;
        for (let ow = 0; ow < wo; ow++) {
          const dyBase = ((n * ho + oh) * wo + ow) * co;
          for (let kw = 0; kw < fw; kw++) {
            const iw = ow * info.strideWidth + kw * info.dilationWidth - info.padInfo.left;
            if (iw < 0 || iw >= w) continue;
            const xBase = ((n * h + ih) * w + iw) * ci;
            const wBase = (kh * fw + kw) * co;
            for (let c = 0; c < ci; c++) {
              const xv = xs[xBase + c];
              for (let q = 0; q < cm; q++) dW[wBase + c * cm + q] += xv * dys[dyBase + c * cm + q];
            }
          }
        }
      }
    }
  }
  return out;
}

function depthwiseBackpropInput(args: KernelArgs): TensorInfo {
  const backend = asWasmBackend(args.backend);
  const { dy, filter } = args.inputs;
  const attrs = args.attrs ?? {};
  const inputShape = attrs.inputShape as number[];
  const info = convGeometry(
    'DepthwiseConv2dNativeBackpropInput',
    inputShape,
    filter.shape,
    attrs,
    true,
  );
  const [fh, fw, ci, cm] = filter.shape;
  const { batchSize, inHeight: h, inWidth: w, outHeight: ho, outWidth: wo } = info;
  const co = ci * cm;
  const out = backend.makeOutput(inputShape, 'float32');
  const dx = f32View(backend, out);
  const ws = f32View(backend, filter);
  const dys = f32View(backend, dy);
  dx.fill(0);
  for (let n = 0; n < batchSize; n++) {
    for (let oh = 0; oh < ho; oh++) {
      for (let kh = 0; kh < fh; kh++) {
        const ih = oh * info.strideHeight + kh * info.dilationHeight - info.padInfo.top;
        if (ih < 0 || ih >= h) continue;
        for (let ow = 0; ow < wo; ow++) {
          const dyBase = ((n * ho + oh) * wo + ow) * co;
          for (let kw = 0; kw < fw; kw++) {
            const iw = ow * info.strideWidth + kw * info.dilationWidth - info.padInfo.left;
            if (iw < 0 || iw >= w) continue;
            const xBase = ((n * h + ih) * w + iw) * ci;
            const wBase = (kh * fw + kw) * co;
            for (let c = 0; c < ci; c++) {
              let s = 0;
              for (let q = 0; q < cm; q++) s += dys[dyBase + c * cm + q] * ws[wBase + c * cm + q];
              dx[xBase + c] += s;
            }
          }
        }
      }
    }
  }
  return out;
}

export const depthwiseBackpropKernels = [
  { kernelName: 'DepthwiseConv2dNativeBackpropFilter', kernelFunc: depthwiseBackpropFilter },
  { kernelName: 'DepthwiseConv2dNativeBackpropInput', kernelFunc: depthwiseBackpropInput },
] as const;

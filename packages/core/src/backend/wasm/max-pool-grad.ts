import { backend_util, type TensorInfo } from '@tensorflow/tfjs-core';
import { DlError } from '../../errors';
import {
  addressOf,
  asWasmBackend,
  f32View,
  i32View,
  type KernelArgs,
  runStock,
  type WasmBackend,
} from './heap';
import { instantiateOnBackend } from './simd/instantiate';
import { type PoolGradWindow, poolGradWindow } from './simd/pool-grad-kernel';

/**
 * MaxPoolGrad: routes each output gradient to the first maximum of its window (row-major scan,
 * strictly greater wins — the same tie rule as tfjs-cpu, which matters after ReLU where windows
 * of zeros tie). Stock wasm takes ~7 ms for the seed plate model's 32×20×20×16 input; this
 * single pass over the windows takes well under one.
 */
function maxPoolGrad(args: KernelArgs): TensorInfo {
  const backend = asWasmBackend(args.backend);
  const { dy, input } = args.inputs;
  const attrs = args.attrs ?? {};
  if (input.dtype !== 'float32') {
    throw new DlError('KERNEL_UNSUPPORTED', `MaxPoolGrad on wasm: dtype ${input.dtype}`);
  }
  const info = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize as [number, number] | number,
    attrs.strides as [number, number] | number,
    1,
    attrs.pad as 'same' | 'valid' | number,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
  );
  const { batchSize, inHeight: h, inWidth: w, inChannels: c, outHeight: ho, outWidth: wo } = info;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  if (fh === 1 && fw === 1 && sh === 1 && sw === 1) {
    // A 1×1 window with stride 1 is the identity (the seed plate model has one): dx = dy.
    return runStock('Reshape', backend, { x: dy }, { shape: input.shape });
  }
  const simd = viaSimd(backend, input, dy, info);
  if (simd) return simd;
  const out = backend.makeOutput(input.shape, 'float32');
  const dx = f32View(backend, out);
  const xs = f32View(backend, input);
  const dys = f32View(backend, dy);
  dx.fill(0);
  // Channels innermost, as the data lies: each window is scanned cell by cell (row-major, so
  // the tie rule is unchanged) with a running maximum per channel.
  const best = new Float32Array(c);
  const at = new Int32Array(c);
  for (let n = 0; n < batchSize; n++) {
    for (let oh = 0; oh < ho; oh++) {
      const h0 = oh * sh - top;
      const hStart = Math.max(0, h0);
      const hEnd = Math.min(h, h0 + fh);
      for (let ow = 0; ow < wo; ow++) {
        const w0 = ow * sw - left;
        const wStart = Math.max(0, w0);
        const wEnd = Math.min(w, w0 + fw);
        const dyBase = ((n * ho + oh) * wo + ow) * c;
        at.fill(-1);
        for (let ih = hStart; ih < hEnd; ih++) {
          for (let iw = wStart; iw < wEnd; iw++) {
            const base = ((n * h + ih) * w + iw) * c;
            for (let ch = 0; ch < c; ch++) {
              const v = xs[base + ch];
              if (v > best[ch] || at[ch] < 0) {
                best[ch] = v;
                at[ch] = base + ch;
              }
            }
          }
        }
        for (let ch = 0; ch < c; ch++) {
          if (at[ch] >= 0) dx[at[ch]] += dys[dyBase + ch];
        }
      }
    }
  }
  return out;
}

/**
 * Windows that neither overlap nor leave the input (pools of stride = size, the common case)
 * with channels a multiple of 4: one SIMD call per window (simd/pool-grad-kernel.ts), ~10×
 * the JavaScript loop, which keeps every other geometry. Null when it does not apply.
 */
function viaSimd(
  backend: WasmBackend,
  input: TensorInfo,
  dy: TensorInfo,
  info: ReturnType<typeof backend_util.computePool2DInfo>,
): TensorInfo | null {
  const { batchSize, inHeight: h, inWidth: w, inChannels: c, outHeight: ho, outWidth: wo } = info;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;
  const inside =
    info.padInfo.top === 0 &&
    info.padInfo.left === 0 &&
    (ho - 1) * sh + fh <= h &&
    (wo - 1) * sw + fw <= w;
  if (c % 4 !== 0 || sh < fh || sw < fw || !inside) return null;
  const exports = instantiateOnBackend(backend, 'pool-grad', [poolGradWindow]);
  if (!exports) return null;
  const kernel = exports.poolGradWindow as PoolGradWindow;
  const out = backend.makeOutput(input.shape, 'float32');
  const cells = backend.makeOutput([fh * fw], 'int32');
  const offsets = i32View(backend, cells);
  for (let ih = 0, k = 0; ih < fh; ih++) {
    for (let iw = 0; iw < fw; iw++, k++) offsets[k] = (ih * w + iw) * c * 4;
  }
  f32View(backend, out).fill(0); // cells no window reaches
  const [x0, dy0, dx0, cells0] = [input, dy, out, cells].map((t) => addressOf(backend, t));
  for (let n = 0; n < batchSize; n++) {
    for (let oh = 0; oh < ho; oh++) {
      for (let ow = 0; ow < wo; ow++) {
        const window = 4 * ((n * h + oh * sh) * w + ow * sw) * c;
        const at = 4 * ((n * ho + oh) * wo + ow) * c;
        kernel(fh * fw, c, x0 + window, dy0 + at, dx0 + window, cells0);
      }
    }
  }
  backend.disposeData(cells.dataId);
  return out;
}

export const maxPoolGradKernel = { kernelName: 'MaxPoolGrad', kernelFunc: maxPoolGrad } as const;

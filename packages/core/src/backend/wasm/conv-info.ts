import { backend_util, type NamedAttrMap } from '@tensorflow/tfjs-core';
import { DlError } from '../../errors';

type Pair = [number, number];

function pair(v: unknown, fallback: number): Pair {
  if (v == null) return [fallback, fallback];
  if (typeof v === 'number') return [v, v];
  const a = v as number[];
  return [a[0], a[1]];
}

/**
 * Geometry of a 2-D convolution from a backprop kernel's attrs, via tfjs's own
 * computeConv2DInfo so that 'same' / 'valid' / explicit padding and rounding match every other
 * backend exactly.
 */
export function convGeometry(
  kernelName: string,
  xShape: number[],
  filterShape: number[],
  attrs: NamedAttrMap,
  depthwise: boolean,
): backend_util.Conv2DInfo {
  const dataFormat = (attrs.dataFormat as string | undefined) ?? 'NHWC';
  if (dataFormat !== 'NHWC') {
    throw new DlError(
      'KERNEL_UNSUPPORTED',
      `${kernelName} on wasm supports dataFormat NHWC only, got ${dataFormat}`,
    );
  }
  return backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    pair(attrs.strides, 1),
    pair(attrs.dilations, 1),
    attrs.pad as 'same' | 'valid' | number,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
    depthwise,
  );
}

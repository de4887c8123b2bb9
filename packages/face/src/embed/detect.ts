import { type DecodedImage, DlError, tf } from '@dl/core';
import { detectorNet } from './nets';
import { sampleRegion } from './sample';

/** A detected face: its box in image pixels and the detector's confidence. */
export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
  score: number;
}

export interface DetectOptions {
  /** Detector input side, a multiple of 32 (larger finds smaller faces, slower). Default 416. */
  inputSize?: number;
  /** Minimum confidence of a detection. Default 0.5. */
  scoreThreshold?: number;
  /** Overlap (IoU) above which the weaker of two boxes is dropped. Default 0.4. */
  iouThreshold?: number;
}

export const DETECT_DEFAULTS = { inputSize: 416, scoreThreshold: 0.5, iouThreshold: 0.4 } as const;

/** TinyFaceDetector's anchor boxes, in grid cells. */
const ANCHORS: readonly [number, number][] = [
  [1.603231, 2.094468],
  [6.041143, 7.080126],
  [2.882459, 3.518061],
  [4.266906, 5.178857],
  [9.041765, 10.66308],
];

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/**
 * Finds faces in an RGB image: the image is padded to a square (black right/bottom, as
 * face-api does) and resized to inputSize, the detector's 25 numbers per grid cell decoded
 * (YOLOv2: sigmoid offsets, exponential sizes of five anchors), weak boxes dropped, overlaps
 * suppressed. Boxes are in image pixels, best first.
 */
export function detectFaces(
  image: DecodedImage,
  weights: tf.NamedTensorMap,
  o: DetectOptions = {},
): FaceBox[] {
  // `??`, not a spread: an option passed as undefined (a CLI flag not given) keeps its default
  const inputSize = o.inputSize ?? DETECT_DEFAULTS.inputSize;
  const scoreThreshold = o.scoreThreshold ?? DETECT_DEFAULTS.scoreThreshold;
  const iouThreshold = o.iouThreshold ?? DETECT_DEFAULTS.iouThreshold;
  if (!Number.isInteger(inputSize) || inputSize < 32 || inputSize % 32 !== 0) {
    throw new DlError('INVALID_ARGUMENT', `inputSize must be a multiple of 32, got ${inputSize}`);
  }
  const side = Math.max(image.width, image.height);
  const x = sampleRegion(image, { cx: side / 2, cy: side / 2, side, angle: 0 }, inputSize);
  const out = tf.tidy(() => detectorNet(tf.tensor4d(x, [1, inputSize, inputSize, 3]), weights));
  const cells = out.shape[1];
  const values = out.dataSync();
  out.dispose();
  const boxes: FaceBox[] = [];
  for (let row = 0; row < cells; row++) {
    for (let col = 0; col < cells; col++) {
      for (let a = 0; a < ANCHORS.length; a++) {
        const at = ((row * cells + col) * ANCHORS.length + a) * 5;
        const score = sigmoid(values[at + 4]);
        if (score <= scoreThreshold) continue;
        const cx = ((col + sigmoid(values[at])) / cells) * side;
        const cy = ((row + sigmoid(values[at + 1])) / cells) * side;
        const width = ((Math.exp(values[at + 2]) * ANCHORS[a][0]) / cells) * side;
        const height = ((Math.exp(values[at + 3]) * ANCHORS[a][1]) / cells) * side;
        boxes.push({ x: cx - width / 2, y: cy - height / 2, width, height, score });
      }
    }
  }
  return suppress(boxes, iouThreshold).map((b) => clip(b, image));
}

function iou(a: FaceBox, b: FaceBox): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / (a.width * a.height + b.width * b.height - inter);
}

/** Greedy non-maximum suppression, best score first. */
function suppress(boxes: FaceBox[], threshold: number): FaceBox[] {
  const kept: FaceBox[] = [];
  for (const b of [...boxes].sort((p, q) => q.score - p.score)) {
    if (kept.every((k) => iou(k, b) <= threshold)) kept.push(b);
  }
  return kept;
}

function clip(b: FaceBox, image: DecodedImage): FaceBox {
  const x = Math.max(0, b.x);
  const y = Math.max(0, b.y);
  return {
    x,
    y,
    width: Math.min(image.width, b.x + b.width) - x,
    height: Math.min(image.height, b.y + b.height) - y,
    score: b.score,
  };
}

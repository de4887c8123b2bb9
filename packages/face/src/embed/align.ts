import type { EyePositions } from '../data';
import type { FaceBox } from './detect';
import type { SquareRegion } from './sample';

/** 68 landmark points [x, y] in image pixels (the iBUG 300-W scheme). */
export type Landmarks68 = [number, number][];

const mean = (pts: readonly [number, number][]): [number, number] => [
  pts.reduce((s, p) => s + p[0], 0) / pts.length,
  pts.reduce((s, p) => s + p[1], 0) / pts.length,
];

/** Eye centres from 68 landmarks: points 36–41 are the image-left eye, 42–47 the image-right. */
export function eyesOf(points: Landmarks68): EyePositions {
  return { right: mean(points.slice(36, 42)), left: mean(points.slice(42, 48)) };
}

/** The roll of a face: the angle of the line from the image-left eye to the image-right eye. */
export const rollOf = (eyes: EyePositions) =>
  Math.atan2(eyes.left[1] - eyes.right[1], eyes.left[0] - eyes.right[0]);

/**
 * The descriptor's crop from landmarks: the face turned upright by its eye line, then the
 * landmarks' bounding box padded by 20% of its size (face-api's alignment), made square on its
 * longer side.
 */
export function alignedRegion(points: Landmarks68, padding = 0.2): SquareRegion {
  const angle = rollOf(eyesOf(points));
  const [mx, my] = mean(points);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  // landmarks in the upright frame, about their mean
  const upright = points.map(([x, y]) => [
    cos * (x - mx) + sin * (y - my),
    -sin * (x - mx) + cos * (y - my),
  ]);
  const xs = upright.map((p) => p[0]);
  const ys = upright.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const ux = (x0 + x1) / 2;
  const uy = (y0 + y1) / 2;
  return {
    cx: mx + cos * ux - sin * uy,
    cy: my + sin * ux + cos * uy,
    side: Math.max(x1 - x0, y1 - y0) * (1 + padding),
    angle,
  };
}

/** The landmark network's crop: the detection box made square on its longer side. */
export const boxRegion = (b: FaceBox): SquareRegion => ({
  cx: b.x + b.width / 2,
  cy: b.y + b.height / 2,
  side: Math.max(b.width, b.height),
  angle: 0,
});

/** The whole image as the region (an already-cropped face), square on its longer side. */
export const wholeRegion = (width: number, height: number): SquareRegion => ({
  cx: width / 2,
  cy: height / 2,
  side: Math.max(width, height),
  angle: 0,
});

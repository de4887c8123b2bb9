import { type DecodedImage, toRgb } from '@dl/core';

/** A square region of an image: centre, side and in-plane rotation (radians, clockwise on screen). */
export interface SquareRegion {
  cx: number;
  cy: number;
  side: number;
  angle: number;
}

/** An RGB copy (gray replicated, alpha dropped): every network here takes 3 channels. */
export const rgbOf = (image: DecodedImage): DecodedImage =>
  image.channels === 3 ? image : toRgb(image);

/**
 * Samples `region` of an RGB image into an `out`×`out`×3 float32 array (0–255), bilinear,
 * pixel centres at +0.5 as in resizeImage; the rotation turns the region so a tilted face
 * comes out upright. Outside the image is black, as face-api pads its crops.
 */
export function sampleRegion(image: DecodedImage, region: SquareRegion, out: number): Float32Array {
  const { width: w, height: h, data } = image;
  const result = new Float32Array(out * out * 3);
  const step = region.side / out;
  const cos = Math.cos(region.angle) * step;
  const sin = Math.sin(region.angle) * step;
  for (let j = 0; j < out; j++) {
    const v = j + 0.5 - out / 2;
    for (let i = 0; i < out; i++) {
      const u = i + 0.5 - out / 2;
      const sx = region.cx + cos * u - sin * v - 0.5;
      const sy = region.cy + sin * u + cos * v - 0.5;
      const at = (j * out + i) * 3;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const ax = sx - x0;
      const ay = sy - y0;
      for (let k = 0; k < 3; k++) {
        const px = (x: number, y: number) =>
          x < 0 || y < 0 || x >= w || y >= h ? 0 : data[(y * w + x) * 3 + k];
        const top = px(x0, y0) * (1 - ax) + px(x0 + 1, y0) * ax;
        const bottom = px(x0, y0 + 1) * (1 - ax) + px(x0 + 1, y0 + 1) * ax;
        result[at + k] = top * (1 - ay) + bottom * ay;
      }
    }
  }
  return result;
}

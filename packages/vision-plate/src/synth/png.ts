import { encodePng } from '@dl/core';

export { encodePng };

/**
 * Tiles size×size glyph images (values 0–1) into one grayscale picture, `columns` per row,
 * each magnified `zoom` times, with a 1-pixel grey grid: for looking at synthetic data.
 */
export function glyphMosaic(
  images: Float32Array,
  size: number,
  columns: number,
  zoom = 1,
): { width: number; height: number; channels: 1; data: Uint8Array } {
  const count = Math.floor(images.length / (size * size));
  const rows = Math.ceil(count / columns);
  const cell = size * zoom + 1;
  const width = columns * cell + 1;
  const height = rows * cell + 1;
  const data = new Uint8Array(width * height).fill(128);
  for (let n = 0; n < count; n++) {
    const ox = (n % columns) * cell + 1;
    const oy = Math.floor(n / columns) * cell + 1;
    for (let y = 0; y < size * zoom; y++) {
      for (let x = 0; x < size * zoom; x++) {
        const v = images[n * size * size + Math.floor(y / zoom) * size + Math.floor(x / zoom)];
        data[(oy + y) * width + ox + x] = Math.round(Math.min(1, Math.max(0, v)) * 255);
      }
    }
  }
  return { width, height, channels: 1, data };
}

import { type DecodedImage, toRgb } from '@dl/core';
import type { PhotoPlate } from './find';

/**
 * A copy of the photo (RGB) with each found plate's rotated rectangle outlined, for a PNG or
 * HTML report (`encodePng` from @dl/core writes it; the texts go beside it, as Chinese
 * characters need a font). Confident plates in green, doubtful ones (below 0.8) in orange.
 */
export function drawPlatesOnPhoto(
  photo: DecodedImage,
  plates: readonly Pick<PhotoPlate, 'corners' | 'confidence'>[],
  options: { thickness?: number } = {},
): DecodedImage & { data: Uint8Array; channels: 3 } {
  const rgb = photo.channels === 3 ? photo : toRgb(photo);
  const { width: W, height: H } = rgb;
  const data = Uint8Array.from(rgb.data, (v) => Math.min(255, Math.max(0, Math.round(v))));
  const t = options.thickness ?? Math.max(2, Math.round(Math.max(W, H) / 300));
  for (const plate of plates) {
    const colour = plate.confidence >= 0.8 ? [40, 220, 60] : [255, 150, 0];
    plate.corners.forEach(([x0, y0], i) => {
      const [x1, y1] = plate.corners[(i + 1) % plate.corners.length];
      const steps = Math.ceil(Math.hypot(x1 - x0, y1 - y0)) + 1;
      for (let s = 0; s <= steps; s++) {
        const x = x0 + ((x1 - x0) * s) / steps;
        const y = y0 + ((y1 - y0) * s) / steps;
        for (let dy = -t / 2; dy < t / 2; dy++) {
          for (let dx = -t / 2; dx < t / 2; dx++) {
            const px = Math.round(x + dx);
            const py = Math.round(y + dy);
            if (px < 0 || py < 0 || px >= W || py >= H) continue;
            data.set(colour, (py * W + px) * 3);
          }
        }
      }
    });
  }
  return { width: W, height: H, channels: 3, data };
}

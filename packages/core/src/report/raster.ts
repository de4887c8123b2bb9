import type { Color } from './scene';

export type Rgb = [number, number, number];

export function parseColor(c: Color): Rgb {
  const hex = c.slice(1);
  return [0, 2, 4].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as Rgb;
}

/**
 * Minimal drawing on an RGBA buffer (a jimp bitmap): jimp 1.x has no line or rectangle
 * primitives. Lines are anti-aliased by distance to the segment, which is simple and good
 * enough at chart sizes.
 */
export class Raster {
  constructor(
    readonly width: number,
    readonly height: number,
    readonly data: Uint8Array,
  ) {}

  /** Mixes `rgb` into pixel (x, y) with coverage `a` in [0, 1]. */
  blend(x: number, y: number, rgb: Rgb, a: number): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height || a <= 0) return;
    const i = (y * this.width + x) * 4;
    const k = Math.min(1, a);
    for (let c = 0; c < 3; c++)
      this.data[i + c] = Math.round(this.data[i + c] * (1 - k) + rgb[c] * k);
    this.data[i + 3] = 255;
  }

  /** Fills the pixels whose centres fall inside the rectangle, so abutting cells neither gap nor overlap. */
  fillRect(x: number, y: number, w: number, h: number, rgb: Rgb): void {
    const x0 = Math.round(x);
    const x1 = Math.round(x + w);
    const y0 = Math.round(y);
    const y1 = Math.round(y + h);
    for (let py = y0; py < y1; py++) for (let px = x0; px < x1; px++) this.blend(px, py, rgb, 1);
  }

  strokeRect(x: number, y: number, w: number, h: number, rgb: Rgb): void {
    const x0 = Math.round(x);
    const y0 = Math.round(y);
    const x1 = Math.round(x + w) - 1;
    const y1 = Math.round(y + h) - 1;
    this.fillRect(x0, y0, x1 - x0 + 1, 1, rgb);
    this.fillRect(x0, y1, x1 - x0 + 1, 1, rgb);
    this.fillRect(x0, y0, 1, y1 - y0 + 1, rgb);
    this.fillRect(x1, y0, 1, y1 - y0 + 1, rgb);
  }

  /**
   * A polyline `width` px wide, optionally dashed (6 on, 4 off, continuing across vertices).
   * Coverage is collected per pixel over the whole polyline first, so joints where segments
   * overlap are not painted twice.
   */
  polyline(points: [number, number][], rgb: Rgb, width: number, dash = false): void {
    const half = width / 2;
    const cover = new Map<number, number>();
    let start = 0; // arc length at the current segment's first point
    for (let s = 0; s + 1 < points.length; s++) {
      const [ax, ay] = points[s];
      const [bx, by] = points[s + 1];
      const dx = bx - ax;
      const dy = by - ay;
      const len2 = dx * dx + dy * dy;
      const len = Math.sqrt(len2);
      const pad = half + 1;
      for (
        let py = Math.floor(Math.min(ay, by) - pad);
        py <= Math.ceil(Math.max(ay, by) + pad);
        py++
      ) {
        for (
          let px = Math.floor(Math.min(ax, bx) - pad);
          px <= Math.ceil(Math.max(ax, bx) + pad);
          px++
        ) {
          // Pixel centres are at +0.5, the same convention SVG uses.
          const cx = px + 0.5 - ax;
          const cy = py + 0.5 - ay;
          const t = len2 > 0 ? Math.max(0, Math.min(1, (cx * dx + cy * dy) / len2)) : 0;
          if (dash && (start + t * len) % 10 >= 6) continue;
          const dist = Math.hypot(cx - t * dx, cy - t * dy);
          const a = Math.min(1, half + 0.5 - dist);
          if (a <= 0 || px < 0 || py < 0 || px >= this.width || py >= this.height) continue;
          const key = py * this.width + px;
          if (a > (cover.get(key) ?? 0)) cover.set(key, a);
        }
      }
      start += len;
    }
    for (const [key, a] of cover)
      this.blend(key % this.width, Math.floor(key / this.width), rgb, a);
  }

  disc(cx: number, cy: number, r: number, rgb: Rgb): void {
    for (let py = Math.floor(cy - r - 1); py <= Math.ceil(cy + r + 1); py++) {
      for (let px = Math.floor(cx - r - 1); px <= Math.ceil(cx + r + 1); px++) {
        const d = Math.hypot(px + 0.5 - cx, py + 0.5 - cy);
        this.blend(px, py, rgb, r + 0.5 - d);
      }
    }
  }
}

import type { DecodedImage } from '@dl/core';

/**
 * Plate candidates in a photo, EasyPR-style: pixels of plate colours (blue, yellow, green in
 * HSV) and dense vertical edges (characters), each closed into blobs by a wide morphological
 * closing, then connected components of plate-like size, aspect and fill. Each candidate is a
 * rotated rectangle (principal axes of its pixels), so a tilted plate can be deskewed.
 */

export type CandidateSource = 'blue' | 'yellow' | 'green' | 'edges';

/** A rotated rectangle in image pixels: centre, half extents along its axes, angle. */
export interface PlateCandidate {
  cx: number;
  cy: number;
  /** Half the long side and half the short side. */
  halfWidth: number;
  halfHeight: number;
  /** Angle of the long side from the x axis, in radians (−π/2, π/2]. */
  angle: number;
  source: CandidateSource;
  /** Share of the rectangle the blob fills. */
  fill: number;
}

export interface FindCandidatesOptions {
  /** Plate aspect (long / short side) accepted (default [1.8, 7]). */
  aspect?: [number, number];
  /** Smallest blob as a share of the image area (default 0.0004). */
  minArea?: number;
  /** Largest blob as a share of the image area (default 0.5). */
  maxArea?: number;
}

/** Hue (degrees), saturation and value (0–1) of an RGB pixel. */
function hsvOf(r: number, g: number, b: number): [number, number, number] {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const d = max - min;
  let h = 0;
  if (d > 0) {
    if (max === r) h = 60 * (((g - b) / d + 6) % 6);
    else if (max === g) h = 60 * ((b - r) / d + 2);
    else h = 60 * ((r - g) / d + 4);
  }
  return [h, max > 0 ? d / max : 0, max / 255];
}

/** Which plate colour a pixel has, if any: EasyPR's HSV ranges, widened a little. */
function colourOf(r: number, g: number, b: number): CandidateSource | undefined {
  const [h, s, v] = hsvOf(r, g, b);
  if (v < 0.2) return undefined;
  if (h >= 195 && h <= 250 && s >= 0.35) return 'blue';
  if (h >= 20 && h <= 65 && s >= 0.4) return 'yellow';
  if (h >= 75 && h <= 160 && s >= 0.2) return 'green';
  return undefined;
}

/** Masks of each plate colour and of dense vertical edges. */
function masks(image: DecodedImage): Map<CandidateSource, Uint8Array> {
  const { width: W, height: H, data, channels: c } = image;
  const out = new Map<CandidateSource, Uint8Array>(
    (['blue', 'yellow', 'green', 'edges'] as const).map((k) => [k, new Uint8Array(W * H)]),
  );
  const gray = new Float32Array(W * H);
  for (let i = 0; i < W * H; i++) {
    const [r, g, b] =
      c >= 3 ? [data[i * c], data[i * c + 1], data[i * c + 2]] : [data[i], data[i], data[i]];
    gray[i] = 0.299 * r + 0.587 * g + 0.114 * b;
    const colour = c >= 3 ? colourOf(r, g, b) : undefined;
    if (colour) out.get(colour)![i] = 1;
  }
  // Vertical edges (|∂/∂x| of a Sobel): characters make many on a plate.
  const edges = out.get('edges')!;
  let sum = 0;
  const gx = new Float32Array(W * H);
  for (let y = 1; y < H - 1; y++) {
    for (let x = 1; x < W - 1; x++) {
      const i = y * W + x;
      const v =
        gray[i - W + 1] +
        2 * gray[i + 1] +
        gray[i + W + 1] -
        gray[i - W - 1] -
        2 * gray[i - 1] -
        gray[i + W - 1];
      gx[i] = Math.abs(v);
      sum += gx[i];
    }
  }
  // Otsu-like: a threshold well above the mean edge strength.
  const threshold = Math.max(60, (4 * sum) / (W * H));
  for (let i = 0; i < W * H; i++) edges[i] = gx[i] > threshold ? 1 : 0;
  return out;
}

/** Binary closing (dilate then erode) with a w × h rectangle, separable. */
export function close(mask: Uint8Array, W: number, H: number, w: number, h: number): Uint8Array {
  const pass = (src: Uint8Array, r: number, horizontal: boolean, dilate: boolean) => {
    const out = new Uint8Array(W * H);
    const want = dilate ? 1 : 0;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        let v = 1 - want;
        for (let k = -r; k <= r; k++) {
          const xx = horizontal ? x + k : x;
          const yy = horizontal ? y : y + k;
          if (xx < 0 || yy < 0 || xx >= W || yy >= H) continue;
          if (src[yy * W + xx] === want) {
            v = want;
            break;
          }
        }
        out[y * W + x] = v;
      }
    }
    return out;
  };
  const rx = Math.floor(w / 2);
  const ry = Math.floor(h / 2);
  let m = pass(pass(mask, rx, true, true), ry, false, true);
  m = pass(pass(m, rx, true, false), ry, false, false);
  return m;
}

/** Connected components (4-neighbour) as lists of pixel indices. */
function components(mask: Uint8Array, W: number, H: number, minPixels: number): Int32Array[] {
  const seen = new Uint8Array(W * H);
  const out: Int32Array[] = [];
  const stack = new Int32Array(W * H);
  for (let start = 0; start < W * H; start++) {
    if (!mask[start] || seen[start]) continue;
    let top = 0;
    let n = 0;
    const members: number[] = [];
    stack[top++] = start;
    seen[start] = 1;
    while (top > 0) {
      const i = stack[--top];
      members.push(i);
      n++;
      const x = i % W;
      const y = (i - x) / W;
      for (const j of [
        x > 0 ? i - 1 : -1,
        x < W - 1 ? i + 1 : -1,
        y > 0 ? i - W : -1,
        y < H - 1 ? i + W : -1,
      ]) {
        if (j >= 0 && mask[j] && !seen[j]) {
          seen[j] = 1;
          stack[top++] = j;
        }
      }
    }
    if (n >= minPixels) out.push(Int32Array.from(members));
  }
  return out;
}

/** The rotated rectangle of a blob: principal axes of its pixels, extents along them. */
function rectangleOf(members: Int32Array, W: number): Omit<PlateCandidate, 'source'> {
  let mx = 0;
  let my = 0;
  for (const i of members) {
    mx += i % W;
    my += Math.floor(i / W);
  }
  mx /= members.length;
  my /= members.length;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (const i of members) {
    const dx = (i % W) - mx;
    const dy = Math.floor(i / W) - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  const angle = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  const [c, s] = [Math.cos(angle), Math.sin(angle)];
  let [u0, u1, v0, v1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const i of members) {
    const dx = (i % W) - mx;
    const dy = Math.floor(i / W) - my;
    const u = dx * c + dy * s;
    const v = -dx * s + dy * c;
    u0 = Math.min(u0, u);
    u1 = Math.max(u1, u);
    v0 = Math.min(v0, v);
    v1 = Math.max(v1, v);
  }
  // Pixels are unit squares: the extent spans their edges.
  const halfWidth = (u1 - u0 + 1) / 2;
  const halfHeight = (v1 - v0 + 1) / 2;
  const cu = (u0 + u1) / 2;
  const cv = (v0 + v1) / 2;
  return {
    cx: mx + 0.5 + cu * c - cv * s,
    cy: my + 0.5 + cu * s + cv * c,
    halfWidth,
    halfHeight,
    angle,
    fill: members.length / (4 * halfWidth * halfHeight),
  };
}

/**
 * Plate candidates of an RGB image (work on a copy scaled so its long side is a few hundred
 * pixels: the closing is sized for that). Candidates of several sources may overlap; the
 * reader decides.
 */
export function findPlateCandidates(
  image: DecodedImage,
  options: FindCandidatesOptions = {},
): PlateCandidate[] {
  const { width: W, height: H } = image;
  const [minAspect, maxAspect] = options.aspect ?? [1.8, 7];
  const area = W * H;
  const minPixels = Math.max(12, (options.minArea ?? 0.0004) * area);
  const maxPixels = (options.maxArea ?? 0.5) * area;
  // Wide enough to bridge the gaps between characters of a plate ~1/8 of the width.
  const kw = Math.max(3, Math.round(W / 40)) | 1;
  const kh = Math.max(3, Math.round(H / 120)) | 1;
  const out: PlateCandidate[] = [];
  for (const [source, mask] of masks(image)) {
    const closed = close(mask, W, H, kw, kh);
    for (const members of components(closed, W, H, minPixels)) {
      if (members.length > maxPixels) continue;
      const r = rectangleOf(members, W);
      const aspect = r.halfWidth / r.halfHeight;
      if (aspect < minAspect || aspect > maxAspect) continue;
      if (r.fill < (source === 'edges' ? 0.35 : 0.5)) continue;
      out.push({ ...r, source });
    }
  }
  return out;
}

import type { DecodedImage } from '@dl/core';

/**
 * Whiteness of every pixel on the 0–255 scale: min(R, G, B) for colour images (white
 * characters score high, the blue of a plate scores as low as its red channel), the value
 * itself for grayscale. Alpha is ignored.
 */
export function whiteness(image: DecodedImage): Float32Array {
  const { width, height, channels, data } = image;
  const n = width * height;
  const out = new Float32Array(n);
  if (channels === 1) {
    out.set(data);
    return out;
  }
  for (let i = 0, j = 0; i < n; i++, j += channels) {
    const r = data[j];
    const g = data[j + 1];
    const b = data[j + 2];
    out[i] = Math.min(r, g, b);
  }
  return out;
}

export interface OtsuResult {
  /** Pixels strictly above it are foreground. */
  threshold: number;
  /** Mean of the foreground minus mean of the background (0–255). */
  contrast: number;
  /** Fraction of the sampled pixels above the threshold. */
  foreground: number;
}

/** Otsu's threshold over the pixels of a window of `values` (row-major, `width` wide). */
export function otsu(
  values: Float32Array,
  width: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
): OtsuResult {
  const hist = new Float64Array(256);
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const v = values[y * width + x];
      hist[v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v)]++;
    }
  }
  let total = 0;
  let sum = 0;
  for (let i = 0; i < 256; i++) {
    total += hist[i];
    sum += i * hist[i];
  }
  let best = -1;
  let threshold = 0;
  let w0 = 0;
  let s0 = 0;
  for (let t = 0; t < 255; t++) {
    w0 += hist[t];
    s0 += t * hist[t];
    const w1 = total - w0;
    if (w0 === 0 || w1 === 0) continue;
    const d = s0 / w0 - (sum - s0) / w1;
    const between = w0 * w1 * d * d;
    if (between > best) {
      best = between;
      threshold = t;
    }
  }
  let n0 = 0;
  let m0 = 0;
  for (let i = 0; i <= threshold; i++) {
    n0 += hist[i];
    m0 += i * hist[i];
  }
  const n1 = total - n0;
  const contrast = n0 > 0 && n1 > 0 ? (sum - m0) / n1 - m0 / n0 : 0;
  return { threshold, contrast, foreground: total > 0 ? n1 / total : 0 };
}

/** A connected component of the foreground: its pixel count and bounding box (end-exclusive). */
export interface Component {
  area: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * 8-connected components of `mask` (non-zero = foreground). Returns a label per pixel
 * (0 = background, k ≥ 1 = `components[k - 1]`).
 */
export function labelComponents(
  mask: Uint8Array,
  width: number,
  height: number,
): { labels: Int32Array; components: Component[] } {
  const labels = new Int32Array(width * height);
  // Union-find over provisional labels; a root is the smallest label of its set.
  let parent = new Int32Array(1024);
  let next = 1;
  const find = (a: number): number => {
    while (parent[a] !== a) {
      parent[a] = parent[parent[a]];
      a = parent[a];
    }
    return a;
  };
  const union = (a: number, b: number): number => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return ra;
    if (ra < rb) {
      parent[rb] = ra;
      return ra;
    }
    parent[ra] = rb;
    return rb;
  };
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const i = row + x;
      if (!mask[i]) continue;
      let l = x > 0 ? labels[i - 1] : 0;
      if (y > 0) {
        const up = i - width;
        const b = labels[up];
        if (b) l = l ? (l === b ? l : union(l, b)) : b;
        else {
          // The up neighbour is background, so the diagonals are not yet joined.
          const a = x > 0 ? labels[up - 1] : 0;
          const c = x < width - 1 ? labels[up + 1] : 0;
          if (a) l = l ? (l === a ? l : union(l, a)) : a;
          if (c) l = l ? (l === c ? l : union(l, c)) : c;
        }
      }
      if (!l) {
        if (next === parent.length) {
          const grown = new Int32Array(parent.length * 2);
          grown.set(parent);
          parent = grown;
        }
        l = next++;
        parent[l] = l;
      }
      labels[i] = l;
    }
  }
  // Dense final labels, numbered in order of first appearance.
  const dense = new Int32Array(next);
  const components: Component[] = [];
  for (let k = 1; k < next; k++) {
    const r = find(k);
    if (!dense[r]) {
      components.push({ area: 0, x0: width, y0: height, x1: 0, y1: 0 });
      dense[r] = components.length;
    }
    dense[k] = dense[r];
  }
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const i = row + x;
      if (!labels[i]) continue;
      const l = dense[labels[i]];
      labels[i] = l;
      const c = components[l - 1];
      c.area++;
      if (x < c.x0) c.x0 = x;
      if (x >= c.x1) c.x1 = x + 1;
      if (y < c.y0) c.y0 = y;
      if (y >= c.y1) c.y1 = y + 1;
    }
  }
  return { labels, components };
}

/**
 * Clears the plate frame's lines from `mask`: in every row of the frame component `id`, its
 * outermost run from the left and from the right, and in every column the outermost run from
 * the top and from the bottom, each cut to the frame's line width (the median of those runs
 * plus one). A character that touches the frame keeps all but the pixels next to the line and
 * comes apart from it.
 */
export function stripFrame(
  mask: Uint8Array,
  labels: Int32Array,
  width: number,
  id: number,
  c: Component,
): void {
  // Outermost runs, as [first pixel index, step between pixels, length].
  const runs: [number, number, number][] = [];
  const scan = (first: number, step: number, len: number) => {
    let j = 0;
    while (j < len && labels[first + j * step] !== id) j++;
    const start = j;
    while (j < len && labels[first + j * step] === id) j++;
    if (j > start) runs.push([first + start * step, step, j - start]);
  };
  const w = c.x1 - c.x0;
  const h = c.y1 - c.y0;
  for (let y = c.y0; y < c.y1; y++) {
    scan(y * width + c.x0, 1, w);
    scan(y * width + c.x1 - 1, -1, w);
  }
  for (let x = c.x0; x < c.x1; x++) {
    scan(c.y0 * width + x, width, h);
    scan((c.y1 - 1) * width + x, -width, h);
  }
  if (runs.length === 0) return;
  const lengths = runs.map((r) => r[2]).sort((a, b) => a - b);
  const line = lengths[lengths.length >> 1] + 1;
  for (const [first, step, len] of runs) {
    for (let j = 0; j < Math.min(len, line); j++) mask[first + j * step] = 0;
  }
}

/**
 * Filling glyph outlines: opentype.js path commands flattened to polygons, mapped by an
 * affine transform and scan-converted with the nonzero rule on a supersampled grid, then
 * averaged to per-pixel coverage. Plain typed-array code, no canvas.
 */

/** x' = a·x + c·y + e, y' = b·x + d·y + f (pixels, y down). */
export interface Affine {
  a: number;
  b: number;
  c: number;
  d: number;
  e: number;
  f: number;
}

export interface PathCommand {
  type: string;
  x?: number;
  y?: number;
  x1?: number;
  y1?: number;
  x2?: number;
  y2?: number;
}

/** Closed polygons (x0, y0, x1, y1, …) of a path, curves split into `steps` segments each. */
export function flatten(commands: readonly PathCommand[], m: Affine, steps = 8): number[][] {
  const polys: number[][] = [];
  let poly: number[] = [];
  let px = 0;
  let py = 0;
  const put = (x: number, y: number) => poly.push(m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f);
  for (const cmd of commands) {
    const x = cmd.x ?? 0;
    const y = cmd.y ?? 0;
    if (cmd.type === 'M') {
      if (poly.length > 2) polys.push(poly);
      poly = [];
      put(x, y);
    } else if (cmd.type === 'L') put(x, y);
    else if (cmd.type === 'Q') {
      for (let i = 1; i <= steps; i++) {
        const t = i / steps;
        const u = 1 - t;
        put(
          u * u * px + 2 * u * t * cmd.x1! + t * t * x,
          u * u * py + 2 * u * t * cmd.y1! + t * t * y,
        );
      }
    } else if (cmd.type === 'C') {
      for (let i = 1; i <= steps; i++) {
        const t = i / steps;
        const u = 1 - t;
        const bx =
          u * u * u * px + 3 * u * u * t * cmd.x1! + 3 * u * t * t * cmd.x2! + t * t * t * x;
        const by =
          u * u * u * py + 3 * u * u * t * cmd.y1! + 3 * u * t * t * cmd.y2! + t * t * t * y;
        put(bx, by);
      }
    } else if (cmd.type === 'Z') {
      if (poly.length > 2) polys.push(poly);
      poly = [];
      continue;
    }
    px = x;
    py = y;
  }
  if (poly.length > 2) polys.push(poly);
  return polys;
}

/**
 * Per-pixel coverage in [0, 1] of the polygons on a width × height canvas, nonzero rule,
 * `ss` × `ss` samples per pixel. Only rows the polygons reach are scanned.
 */
export function fillCoverage(polys: readonly number[][], width: number, height: number, ss = 4) {
  const cover = new Float32Array(width * height);
  let yMin = Number.POSITIVE_INFINITY;
  let yMax = Number.NEGATIVE_INFINITY;
  for (const p of polys) {
    for (let i = 1; i < p.length; i += 2) {
      yMin = Math.min(yMin, p[i]);
      yMax = Math.max(yMax, p[i]);
    }
  }
  const rowFrom = Math.max(0, Math.floor(yMin * ss));
  const rowTo = Math.min(height * ss - 1, Math.ceil(yMax * ss));
  const weight = 1 / (ss * ss);
  const crossings: { x: number; w: number }[] = [];
  for (let r = rowFrom; r <= rowTo; r++) {
    const sy = (r + 0.5) / ss;
    crossings.length = 0;
    for (const p of polys) {
      const n = p.length / 2;
      for (let i = 0; i < n; i++) {
        const x0 = p[2 * i];
        const y0 = p[2 * i + 1];
        const j = (i + 1) % n;
        const x1 = p[2 * j];
        const y1 = p[2 * j + 1];
        if ((y0 <= sy && y1 > sy) || (y1 <= sy && y0 > sy)) {
          crossings.push({ x: x0 + ((sy - y0) / (y1 - y0)) * (x1 - x0), w: y1 > y0 ? 1 : -1 });
        }
      }
    }
    crossings.sort((u, v) => u.x - v.x);
    const py = Math.floor(r / ss);
    let winding = 0;
    for (let k = 0; k < crossings.length - 1; k++) {
      winding += crossings[k].w;
      if (winding === 0) continue;
      // sample columns whose centres lie inside [x_k, x_k+1)
      const from = Math.max(0, Math.ceil(crossings[k].x * ss - 0.5));
      const to = Math.min(width * ss - 1, Math.ceil(crossings[k + 1].x * ss - 0.5) - 1);
      for (let c = from; c <= to; c++) cover[py * width + Math.floor(c / ss)] += weight;
    }
  }
  return cover;
}

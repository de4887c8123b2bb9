/**
 * Projective maps between quadrilaterals, for drawing a flat plate seen at an angle.
 * (plate.ts keeps its own private copy; this one is shared by the realistic generator and the
 * plate finder's deskew.)
 */

/** A 3 × 3 homography, row-major, h[8] = 1. */
export type Homography = number[];

export type Point = [number, number];

/** The projective map taking the four `src` points to the four `dst` points. */
export function homography(src: readonly Point[], dst: readonly Point[]): Homography {
  // Solve the 8×8 system for h0…h7 (h8 = 1) by Gaussian elimination with partial pivoting.
  const A: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = src[i];
    const [u, v] = dst[i];
    A.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
    A.push([0, 0, 0, x, y, 1, -v * x, -v * y, v]);
  }
  for (let col = 0; col < 8; col++) {
    let pivot = col;
    for (let r = col + 1; r < 8; r++) if (Math.abs(A[r][col]) > Math.abs(A[pivot][col])) pivot = r;
    [A[col], A[pivot]] = [A[pivot], A[col]];
    for (let r = 0; r < 8; r++) {
      if (r === col) continue;
      const f = A[r][col] / A[col][col];
      for (let c = col; c < 9; c++) A[r][c] -= f * A[col][c];
    }
  }
  return [...A.map((row, i) => row[8] / row[i]), 1];
}

/** Where `h` takes the point (x, y). */
export function project(h: Homography, x: number, y: number): Point {
  const w = h[6] * x + h[7] * y + h[8];
  return [(h[0] * x + h[1] * y + h[2]) / w, (h[3] * x + h[4] * y + h[5]) / w];
}

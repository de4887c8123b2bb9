/**
 * JPEG's losses without a codec: RGB → YCbCr, 4:2:0 chroma subsampling, 8 × 8 DCT quantised
 * with the standard (Annex K) tables at a quality, and back. The real crops are small JPEGs:
 * blocking, ringing round the characters and smeared colour are part of what a reader sees.
 */

const LUMA = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
  14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113,
  92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];
const CHROMA = [
  17,
  18,
  24,
  47,
  99,
  99,
  99,
  99,
  18,
  21,
  26,
  66,
  99,
  99,
  99,
  99,
  24,
  26,
  56,
  99,
  99,
  99,
  99,
  99,
  47,
  66,
  99,
  99,
  99,
  99,
  99,
  99,
  ...Array(32).fill(99),
];

/** The IJG scaling of a base table for quality 1–100. */
function scaled(table: number[], quality: number): Float32Array {
  const q = Math.min(100, Math.max(1, Math.round(quality)));
  const s = q < 50 ? 5000 / q : 200 - 2 * q;
  return Float32Array.from(table, (t) =>
    Math.min(255, Math.max(1, Math.floor((t * s + 50) / 100))),
  );
}

/** cos((2x + 1) u π / 16) · c(u) / 2: the orthonormal 8-point DCT-II basis. */
const BASIS = (() => {
  const b = new Float32Array(64);
  for (let u = 0; u < 8; u++) {
    const c = u === 0 ? Math.SQRT1_2 : 1;
    for (let x = 0; x < 8; x++) b[u * 8 + x] = (c / 2) * Math.cos(((2 * x + 1) * u * Math.PI) / 16);
  }
  return b;
})();

/** Quantises one plane in place, block by block (edges replicated into partial blocks). */
function quantisePlane(plane: Float32Array, w: number, h: number, table: Float32Array): void {
  const block = new Float32Array(64);
  const tmp = new Float32Array(64);
  for (let by = 0; by < h; by += 8) {
    for (let bx = 0; bx < w; bx += 8) {
      for (let y = 0; y < 8; y++) {
        const yy = Math.min(h - 1, by + y);
        for (let x = 0; x < 8; x++)
          block[y * 8 + x] = plane[yy * w + Math.min(w - 1, bx + x)] - 128;
      }
      transform(block, tmp, false);
      for (let k = 0; k < 64; k++) block[k] = Math.round(block[k] / table[k]) * table[k];
      transform(block, tmp, true);
      for (let y = 0; y < 8 && by + y < h; y++) {
        for (let x = 0; x < 8 && bx + x < w; x++)
          plane[(by + y) * w + bx + x] = block[y * 8 + x] + 128;
      }
    }
  }
}

/** Separable 2-D DCT (or its inverse) of an 8 × 8 block, in place. */
function transform(block: Float32Array, tmp: Float32Array, inverse: boolean): void {
  for (let pass = 0; pass < 2; pass++) {
    const src = pass === 0 ? block : tmp;
    const dst = pass === 0 ? tmp : block;
    for (let r = 0; r < 8; r++) {
      for (let k = 0; k < 8; k++) {
        let s = 0;
        for (let n = 0; n < 8; n++) {
          s += inverse ? BASIS[n * 8 + k] * src[r * 8 + n] : BASIS[k * 8 + n] * src[r * 8 + n];
        }
        // Writing transposed makes the second pass work on columns.
        dst[k * 8 + r] = s;
      }
    }
  }
}

/**
 * Applies JPEG compression losses at `quality` (1–100) to an interleaved RGB image in 0–255,
 * in place.
 */
export function jpegArtefacts(rgb: Float32Array, width: number, height: number, quality: number) {
  const n = width * height;
  const Y = new Float32Array(n);
  const cw = Math.ceil(width / 2);
  const ch = Math.ceil(height / 2);
  const Cb = new Float32Array(cw * ch);
  const Cr = new Float32Array(cw * ch);
  const count = new Float32Array(cw * ch);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const [r, g, b] = [rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]];
      Y[i] = 0.299 * r + 0.587 * g + 0.114 * b;
      const c = (y >> 1) * cw + (x >> 1);
      Cb[c] += 128 - 0.168736 * r - 0.331264 * g + 0.5 * b;
      Cr[c] += 128 + 0.5 * r - 0.418688 * g - 0.081312 * b;
      count[c]++;
    }
  }
  for (let c = 0; c < count.length; c++) {
    Cb[c] /= count[c];
    Cr[c] /= count[c];
  }
  quantisePlane(Y, width, height, scaled(LUMA, quality));
  const chroma = scaled(CHROMA, quality);
  quantisePlane(Cb, cw, ch, chroma);
  quantisePlane(Cr, cw, ch, chroma);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const c = (y >> 1) * cw + (x >> 1);
      const cb = Cb[c] - 128;
      const cr = Cr[c] - 128;
      rgb[3 * i] = Y[i] + 1.402 * cr;
      rgb[3 * i + 1] = Y[i] - 0.344136 * cb - 0.714136 * cr;
      rgb[3 * i + 2] = Y[i] + 1.772 * cb;
    }
  }
}

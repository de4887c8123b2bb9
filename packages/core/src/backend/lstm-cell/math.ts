/**
 * One LSTM step's element-wise part, gates in tfjs-layers' order (i, f, c̃, o), rows of
 * `units`: from the pre-activations z = x·W + h·R + b [batch, 4·units] and the previous cell
 * state,
 *   i = σ(zᵢ)  f = σ(z_f)  g = tanh(z_c̃)  o = σ(z_o)   c = f·c₋₁ + i·g   h = o·tanh(c)
 * `gates` keeps [i, f, g, o] per row (activated) and `tanhC` tanh(c): what the backward needs.
 */
export function lstmCellForward(
  z: Float32Array,
  cPrev: Float32Array,
  units: number,
  h: Float32Array,
  c: Float32Array,
  gates: Float32Array,
  tanhC: Float32Array,
): void {
  const rows = cPrev.length / units;
  for (let r = 0; r < rows; r++) {
    const zr = 4 * units * r;
    const sr = units * r;
    for (let j = 0; j < units; j++) {
      const i = 1 / (1 + Math.exp(-z[zr + j]));
      const f = 1 / (1 + Math.exp(-z[zr + units + j]));
      const g = Math.tanh(z[zr + 2 * units + j]);
      const o = 1 / (1 + Math.exp(-z[zr + 3 * units + j]));
      const cell = f * cPrev[sr + j] + i * g;
      const tc = Math.tanh(cell);
      gates[zr + j] = i;
      gates[zr + units + j] = f;
      gates[zr + 2 * units + j] = g;
      gates[zr + 3 * units + j] = o;
      c[sr + j] = cell;
      tanhC[sr + j] = tc;
      h[sr + j] = o * tc;
    }
  }
}

/**
 * The step's backward: from dL/dh and dL/dc (the next step's cell gradient) to dL/dz
 * [batch, 4·units] and dL/dc₋₁, using the saved gates, tanh(c) and c₋₁:
 *   dc = dc_next + dh·o·(1 − tanh²c)
 *   dzᵢ = dc·g·i(1−i)   dz_f = dc·c₋₁·f(1−f)   dz_c̃ = dc·i·(1−g²)   dz_o = dh·tanh c·o(1−o)
 *   dc₋₁ = dc·f
 */
export function lstmCellBackward(
  dh: Float32Array,
  dcNext: Float32Array,
  gates: Float32Array,
  tanhC: Float32Array,
  cPrev: Float32Array,
  units: number,
  dz: Float32Array,
  dcPrev: Float32Array,
): void {
  const rows = cPrev.length / units;
  for (let r = 0; r < rows; r++) {
    const zr = 4 * units * r;
    const sr = units * r;
    for (let j = 0; j < units; j++) {
      const i = gates[zr + j];
      const f = gates[zr + units + j];
      const g = gates[zr + 2 * units + j];
      const o = gates[zr + 3 * units + j];
      const tc = tanhC[sr + j];
      const dhj = dh[sr + j];
      const dc = dcNext[sr + j] + dhj * o * (1 - tc * tc);
      dz[zr + j] = dc * g * i * (1 - i);
      dz[zr + units + j] = dc * cPrev[sr + j] * f * (1 - f);
      dz[zr + 2 * units + j] = dc * i * (1 - g * g);
      dz[zr + 3 * units + j] = dhj * tc * o * (1 - o);
      dcPrev[sr + j] = dc * f;
    }
  }
}

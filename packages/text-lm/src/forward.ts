import { DlError, lstmCell, lstmCellAvailable, lstmCellGrad, tf } from '@dl/core';
import type { LmParams, LstmParams } from './model';

/** Each LSTM layer's hidden and cell state, [batch, units]. */
export type LmState = { h: tf.Tensor2D; c: tf.Tensor2D }[];

export function zeroState(p: LmParams, batch: number): LmState {
  return p.lstm.map((c) => {
    const units = c.recurrent.shape[0] as number;
    return {
      h: tf.zeros([batch, units]) as tf.Tensor2D,
      c: tf.zeros([batch, units]) as tf.Tensor2D,
    };
  });
}

export function disposeState(state: LmState | null | undefined): void {
  if (state) for (const s of state) tf.dispose([s.h, s.c]);
}

export interface ForwardOptions {
  /** Dropout rate on non-recurrent connections, applied only when training. */
  dropout?: number;
  /** Training: dropout on, and the LSTM layers' backward pass written out (same values). */
  training?: boolean;
  /** Seeds for the dropout masks (one per call is drawn from it). */
  nextSeed?: () => number;
  /**
   * No gradient will be taken (evaluation, prediction): each step's element-wise part runs as
   * one fused kernel where the backend has it (it has no registered gradient). Default false:
   * the op-by-op forward, differentiable by tfjs.
   */
  inference?: boolean;
}

/**
 * One LSTM layer over a whole window, time-major: x is [steps·batch, inputDim] with row
 * t·batch + b. The input projection of all steps is one matrix product; only h·R runs per step.
 * Gates as tfjs-layers' LSTMCell: z = x·W + h·R + b split into i, f, c̃, o; c = σ(f)·c + σ(i)·tanh(c̃);
 * h = σ(o)·tanh(c).
 */
function lstmLayer(
  x: tf.Tensor2D,
  steps: number,
  cell: LstmParams,
  state: { h: tf.Tensor2D; c: tf.Tensor2D },
  inference = false,
): { out: tf.Tensor2D; h: tf.Tensor2D; c: tf.Tensor2D } {
  const projected = tf.add(tf.matMul(x, cell.kernel), cell.bias) as tf.Tensor2D;
  const perStep = steps === 1 ? [projected] : tf.split(projected, steps, 0);
  let { h, c } = state;
  const outs: tf.Tensor2D[] = [];
  // The fused cell (one kernel for the step's element-wise part): inference only.
  const fused = inference && lstmCellAvailable();
  for (let t = 0; t < steps; t++) {
    const z = tf.add(perStep[t], tf.matMul(h, cell.recurrent));
    if (fused) {
      const r = lstmCell(z, c);
      h = r.h as tf.Tensor2D;
      c = r.c as tf.Tensor2D;
      outs.push(h);
      continue;
    }
    const [zi, zf, zg, zo] = tf.split(z, 4, 1);
    c = tf.add(tf.mul(tf.sigmoid(zf), c), tf.mul(tf.sigmoid(zi), tf.tanh(zg)));
    h = tf.mul(tf.sigmoid(zo), tf.tanh(c));
    outs.push(h);
  }
  return { out: steps === 1 ? outs[0] : (tf.concat(outs, 0) as tf.Tensor2D), h, c };
}

/**
 * The same layer for training, with its backward pass written out (backpropagation through
 * time over the window) instead of taken op by op: the per-step products with the recurrent
 * kernel go to one transposed copy of it, packed once, instead of transposing it at every step;
 * its gradient is one product over the whole window, Hₜ₋₁ᵀ·dZ; and the gates' derivatives
 * come from the saved activations. Returns [(steps + 1)·batch, units]: the hidden states, then
 * the final cell state (customGrad has one output). On wasm and cpu each step's element-wise
 * part (gates, cell, output; and its backward) is one fused kernel (@dl/core lstmCell): ~10
 * ops forward and ~20 backward a step become one each.
 */
function trainableLstmLayer(steps: number, batch: number, units: number) {
  const fused = lstmCellAvailable();
  return tf.customGrad(((
    x: tf.Tensor2D,
    kernel: tf.Tensor2D,
    recurrent: tf.Tensor2D,
    bias: tf.Tensor1D,
    h0: tf.Tensor2D,
    c0: tf.Tensor2D,
    save: tf.GradSaveFunc,
  ) => {
    const projected = tf.add(tf.matMul(x, kernel), bias) as tf.Tensor2D;
    const perStep = steps === 1 ? [projected] : tf.split(projected, steps, 0);
    let h = h0;
    let c = c0;
    const hs: tf.Tensor2D[] = [];
    // Per step: σ of all four gate inputs, tanh(c̃), tanh(c), and c itself.
    const kept: tf.Tensor[] = [];
    for (let t = 0; t < steps; t++) {
      const z = tf.add(perStep[t], tf.matMul(h, recurrent));
      if (fused) {
        // Per step: the activated gates, tanh(c), and c.
        const r = lstmCell(z, c);
        h = r.h as tf.Tensor2D;
        c = r.c as tf.Tensor2D;
        hs.push(h);
        kept.push(r.gates, r.tanhC, c);
        continue;
      }
      const s = tf.sigmoid(z);
      const [si, sf, , so] = tf.split(s, 4, 1);
      const g = tf.tanh(tf.slice(z, [0, 2 * units], [batch, units]));
      c = tf.add(tf.mul(sf, c), tf.mul(si, g));
      const tc = tf.tanh(c);
      h = tf.mul(so, tc);
      hs.push(h);
      kept.push(s, g, tc, c);
    }
    const hidden = steps === 1 ? hs[0] : tf.concat(hs, 0);
    save([x, kernel, recurrent, h0, c0, hidden, ...kept]);
    return {
      value: tf.concat([hidden, c], 0),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sKernel, sRecurrent, sh0, sc0, sHidden, ...per] = saved;
        const dHidden = tf.split(tf.slice(dy, [0, 0], [steps * batch, units]), steps, 0);
        const recurrentT = tf.transpose(sRecurrent);
        const ones = tf.ones([batch, units]);
        let dh: tf.Tensor | null = null;
        let dc: tf.Tensor = tf.slice(dy, [steps * batch, 0], [batch, units]);
        const dzs: tf.Tensor[] = new Array(steps);
        for (let t = steps - 1; t >= 0; t--) {
          const dht: tf.Tensor = dh ? tf.add(dHidden[t], dh) : dHidden[t];
          if (fused) {
            const [gates, tanhC] = per.slice(3 * t, 3 * t + 2);
            const cPrev = t > 0 ? per[3 * (t - 1) + 2] : sc0;
            const r = lstmCellGrad(dht, dc, { gates, tanhC, cPrev });
            dzs[t] = r.dz;
            dc = r.dcPrev;
            dh = tf.matMul(r.dz, recurrentT);
            continue;
          }
          const [s, g, tc] = per.slice(4 * t, 4 * t + 3);
          const cPrev = t > 0 ? per[4 * (t - 1) + 3] : sc0;
          const [si, sf, , so] = tf.split(s, 4, 1);
          const dO = tf.mul(dht, tc);
          const dct: tf.Tensor = tf.add(dc, tf.mul(tf.mul(dht, so), tf.sub(ones, tf.square(tc))));
          // σ'(z) = σ − σ², for all four slots at once (the c̃ slot is replaced below).
          const [di, df, , dout] = tf.split(tf.sub(s, tf.square(s)), 4, 1);
          const dz: tf.Tensor = tf.concat(
            [
              tf.mul(tf.mul(dct, g), di),
              tf.mul(tf.mul(dct, cPrev), df),
              tf.mul(tf.mul(dct, si), tf.sub(ones, tf.square(g))),
              tf.mul(dO, dout),
            ],
            1,
          );
          dzs[t] = dz;
          dc = tf.mul(dct, sf);
          dh = tf.matMul(dz, recurrentT);
        }
        const dZ = steps === 1 ? dzs[0] : tf.concat(dzs, 0);
        const hPrev =
          steps === 1
            ? sh0
            : tf.concat([sh0, tf.slice(sHidden, [0, 0], [(steps - 1) * batch, units])], 0);
        return [
          tf.matMul(dZ, sKernel, false, true),
          tf.matMul(sx, dZ, true, false),
          tf.matMul(hPrev, dZ, true, false),
          tf.sum(dZ, 0),
          dh as tf.Tensor,
          dc,
        ];
      },
    };
  }) as never) as (
    x: tf.Tensor2D,
    kernel: tf.Tensor2D,
    recurrent: tf.Tensor2D,
    bias: tf.Tensor1D,
    h0: tf.Tensor2D,
    c0: tf.Tensor2D,
  ) => tf.Tensor2D;
}

/**
 * The language model's hidden states for a window of token ids [steps, batch] (time-major),
 * starting from `state`: returns the top layer's outputs [steps·batch, units] (row t·batch + b)
 * and the state after the last step, for the next window (truncated BPTT carries it, without
 * gradient, since it enters the next step as a constant).
 */
export function lmHidden(
  p: LmParams,
  ids: tf.Tensor2D,
  state: LmState,
  options: ForwardOptions = {},
): { hidden: tf.Tensor2D; state: LmState } {
  const [steps, batch] = ids.shape;
  if (state.length !== p.lstm.length || state[0].h.shape[0] !== batch) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `state is for ${state.length} layer(s) × batch ${state[0]?.h.shape[0]}; the window is ${p.lstm.length} layer(s) × batch ${batch}`,
    );
  }
  const rate = options.training ? (options.dropout ?? 0) : 0;
  const drop = (x: tf.Tensor2D) =>
    rate > 0 ? (tf.dropout(x, rate, undefined, options.nextSeed?.()) as tf.Tensor2D) : x;
  let x = drop(tf.gather(p.embedding, tf.reshape(ids, [-1])) as tf.Tensor2D);
  const next: LmState = [];
  p.lstm.forEach((cell, i) => {
    if (options.training) {
      const units = cell.recurrent.shape[0] as number;
      const out = trainableLstmLayer(steps, batch, units)(
        x,
        cell.kernel as tf.Tensor2D,
        cell.recurrent as tf.Tensor2D,
        cell.bias as tf.Tensor1D,
        state[i].h,
        state[i].c,
      );
      const hidden = tf.slice(out, [0, 0], [steps * batch, units]);
      next.push({
        h: tf.slice(out, [(steps - 1) * batch, 0], [batch, units]),
        c: tf.slice(out, [steps * batch, 0], [batch, units]),
      });
      x = drop(hidden);
      return;
    }
    const r = lstmLayer(x, steps, cell, state[i], options.inference);
    next.push({ h: r.h, c: r.c });
    x = drop(r.out);
  });
  return { hidden: x, state: next };
}

/** Unnormalised next-token scores [rows, vocab] from hidden states (the full softmax's input). */
export function lmLogits(p: LmParams, hidden: tf.Tensor2D): tf.Tensor2D {
  const scores = p.tied
    ? tf.matMul(hidden, p.embedding, false, true)
    : tf.matMul(hidden, p.outKernel);
  return tf.add(scores, p.outBias) as tf.Tensor2D;
}

import { DlError, tf } from '@dl/core';
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
  training?: boolean;
  /** Seeds for the dropout masks (one per call is drawn from it). */
  nextSeed?: () => number;
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
): { out: tf.Tensor2D; h: tf.Tensor2D; c: tf.Tensor2D } {
  const projected = tf.add(tf.matMul(x, cell.kernel), cell.bias) as tf.Tensor2D;
  const perStep = steps === 1 ? [projected] : tf.split(projected, steps, 0);
  let { h, c } = state;
  const outs: tf.Tensor2D[] = [];
  for (let t = 0; t < steps; t++) {
    const z = tf.add(perStep[t], tf.matMul(h, cell.recurrent));
    const [zi, zf, zg, zo] = tf.split(z, 4, 1);
    c = tf.add(tf.mul(tf.sigmoid(zf), c), tf.mul(tf.sigmoid(zi), tf.tanh(zg)));
    h = tf.mul(tf.sigmoid(zo), tf.tanh(c));
    outs.push(h);
  }
  return { out: steps === 1 ? outs[0] : (tf.concat(outs, 0) as tf.Tensor2D), h, c };
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
    const r = lstmLayer(x, steps, cell, state[i]);
    next.push({ h: r.h, c: r.c });
    x = drop(r.out);
  });
  return { hidden: x, state: next };
}

/** Unnormalised next-token scores [rows, vocab] from hidden states (the full softmax's input). */
export function lmLogits(p: LmParams, hidden: tf.Tensor2D): tf.Tensor2D {
  return tf.add(tf.matMul(hidden, p.outKernel), p.outBias) as tf.Tensor2D;
}

import { DlError } from '../errors';
import * as tf from '../tf';
import { ctcSequence } from './ctc-math';

export interface CtcLossOptions {
  /** Index of the blank class. Default: the last class (C − 1), as tf.nn.ctc_loss and Keras. */
  blank?: number;
  /**
   * Labels padded to a common length end at the first padding value (default −1); or give
   * `labelLengths` explicitly.
   */
  padding?: number;
  /** Per-sequence label lengths (default: up to the first `padding` value of each row). */
  labelLengths?: ArrayLike<number>;
  /** Per-sequence valid time steps (default: all T); later steps get no gradient. */
  inputLengths?: ArrayLike<number>;
  /**
   * `'mean'` over the batch (default), `'sum'`, or `'none'` (one loss per sequence, shape [B]).
   */
  reduction?: 'mean' | 'sum' | 'none';
  /**
   * A sequence no alignment fits (more label symbols, counting the blanks repeats need, than
   * time steps) costs +∞; with `zeroInfinity` it costs 0 and gets no gradient instead, as
   * PyTorch's option of that name. Default false.
   */
  zeroInfinity?: boolean;
  /** The predictions are logits (default true; log-softmax is applied) or probabilities. */
  fromLogits?: boolean;
}

type Labels = tf.Tensor | ArrayLike<number>[];

function labelRows(labels: Labels, batch: number): number[][] {
  const rows = labels instanceof tf.Tensor ? (labels.arraySync() as number[][]) : labels;
  if (!Array.isArray(rows) && !(labels instanceof tf.Tensor)) {
    throw new DlError('INVALID_ARGUMENT', 'CTC labels must be a [batch, length] tensor or arrays');
  }
  if (rows.length !== batch) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `CTC labels have ${rows.length} rows but the predictions a batch of ${batch}`,
    );
  }
  return Array.from(rows as ArrayLike<number>[], (r) => Array.from(r));
}

function lengthAt(lengths: ArrayLike<number> | undefined, b: number, max: number, what: string) {
  if (!lengths) return max;
  const n = lengths[b];
  if (!Number.isInteger(n) || n < 0 || n > max) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `${what}[${b}] must be an integer in 0..${max}, got ${n}`,
    );
  }
  return n;
}

/** The label sequences, trimmed to their lengths and checked against the class range. */
function trimLabels(rows: number[][], o: CtcLossOptions, classes: number, blank: number) {
  const padding = o.padding ?? -1;
  return rows.map((row, b) => {
    const cut = row.indexOf(padding);
    const natural = cut < 0 ? row.length : cut;
    const n = o.labelLengths ? lengthAt(o.labelLengths, b, row.length, 'labelLengths') : natural;
    const seq = row.slice(0, n).map(Math.round);
    for (const k of seq) {
      if (!(k >= 0 && k < classes) || k === blank) {
        throw new DlError(
          'INVALID_ARGUMENT',
          `CTC label ${k} in sequence ${b} is outside 0..${classes - 1} or is the blank (${blank})`,
        );
      }
    }
    return seq;
  });
}

/**
 * Connectionist temporal classification loss of `predictions` [batch, T, classes] (logits by
 * default) against label sequences of varying lengths: −log of the summed probability of every
 * alignment that collapses (repeats merged, blanks dropped) to the label. The recursion runs in
 * log space in double precision; its gradient is the exact softmax − occupancy (a custom
 * gradient), not an unrolled graph.
 */
export function ctcLoss(labels: Labels, predictions: tf.Tensor, o: CtcLossOptions = {}): tf.Tensor {
  if (predictions.rank !== 3) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `CTC predictions must be [batch, time, classes], got shape [${predictions.shape}]`,
    );
  }
  const [batch, T, classes] = predictions.shape as [number, number, number];
  const blank = o.blank ?? classes - 1;
  if (!Number.isInteger(blank) || blank < 0 || blank >= classes) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `blank must be a class index 0..${classes - 1}, got ${blank}`,
    );
  }
  const seqs = trimLabels(labelRows(labels, batch), o, classes, blank);
  const steps = Array.from({ length: batch }, (_, b) =>
    lengthAt(o.inputLengths, b, T, 'inputLengths'),
  );
  const perSequence = tf.customGrad(((lp: tf.Tensor, save: tf.GradSaveFunc) => {
    const data = lp.dataSync() as Float32Array;
    const losses = new Float32Array(batch);
    const grad = new Float32Array(batch * T * classes);
    for (let b = 0; b < batch; b++) {
      const r = ctcSequence({
        logProbs: data,
        offset: b * T * classes,
        steps: steps[b],
        classes,
        labels: seqs[b],
        blank,
      });
      const impossible = !Number.isFinite(r.loss);
      losses[b] = impossible && o.zeroInfinity ? 0 : r.loss;
      if (impossible) continue;
      // d loss / d log-probability = −occupancy; steps past the input length stay 0.
      const base = b * T * classes;
      for (let i = 0; i < r.occupancy.length; i++) grad[base + i] = -r.occupancy[i];
    }
    save([tf.tensor3d(grad, [batch, T, classes])]);
    return {
      value: tf.tensor1d(losses),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(saved[0], dy.reshape([batch, 1, 1])),
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return tf.tidy(() => {
    const logProbs =
      (o.fromLogits ?? true)
        ? tf.logSoftmax(predictions)
        : tf.log(tf.clipByValue(predictions, 1e-30, 1));
    const losses = perSequence(logProbs) as tf.Tensor1D;
    if (o.reduction === 'none') return losses;
    return o.reduction === 'sum' ? tf.sum(losses) : tf.mean(losses);
  });
}

/**
 * A `model.compile` loss: `yTrue` holds the label indices padded with −1 ([batch, maxLength],
 * as floats), `yPred` the model's [batch, T, classes] logits. Mean over the batch.
 */
export function ctcLossFunction(
  o: Omit<CtcLossOptions, 'labelLengths' | 'inputLengths' | 'reduction'> = {},
): (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor {
  return (yTrue, yPred) => ctcLoss(yTrue, yPred, o);
}

import { DlError } from '../errors';
import * as tf from '../tf';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
type Activation = 'sigmoid' | 'hardSigmoid' | 'tanh' | 'relu' | 'linear';

export interface ResetAfterGruArgs extends LayerArgs {
  units: number;
  /** Candidate activation (default 'tanh'). */
  activation?: Activation;
  /** Gate activation (default 'sigmoid', as tf.keras 2.x; Keras 1/2.2 used 'hardSigmoid'). */
  recurrentActivation?: Activation;
  /** Return the whole sequence [batch, T, units] (default false: the last state). */
  returnSequences?: boolean;
  /** Run from the last step to the first; outputs come in processing order (default false). */
  goBackwards?: boolean;
  /** Initialiser names: defaults 'glorotUniform', 'orthogonal', 'zeros' (tf.keras's). */
  kernelInitializer?: string;
  recurrentInitializer?: string;
  biasInitializer?: string;
}

type Serialized = Record<string, unknown>;
type Initializer = NonNullable<Parameters<tf.layers.Layer['addWeight']>[3]>;

const activate = (name: Activation, x: tf.Tensor): tf.Tensor => {
  switch (name) {
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'hardSigmoid':
      // Keras: clip(0.2·x + 0.5, 0, 1)
      return tf.clipByValue(tf.add(tf.mul(x, 0.2), 0.5), 0, 1);
    case 'tanh':
      return tf.tanh(x);
    case 'relu':
      return tf.relu(x);
    case 'linear':
      return x;
  }
};

/**
 * tf.keras's GRU with `reset_after=True` (its default since TF 2, and cuDNN's formulation),
 * which tfjs's GRUCell refuses. The reset gate multiplies the recurrent projection after the
 * matrix product, so the recurrent half has its own bias:
 *
 *   [x_z, x_r, x_h] = x·W + b_in        [h_z, h_r, h_h] = h·U + b_rec
 *   z = σ(x_z + h_z)   r = σ(x_r + h_r)   h̃ = tanh(x_h + r ⊙ h_h)   h' = z ⊙ h + (1 − z) ⊙ h̃
 *
 * Weights as in Keras, gates in the order z, r, h: `kernel` [input, 3·units],
 * `recurrent_kernel` [units, 3·units], `bias` [2, 3·units] (row 0 input, row 1 recurrent) —
 * so GRU(128) on 512 inputs has 512·384 + 128·384 + 2·384 = 246,528 parameters, the count of
 * `model.summary()`, and Keras weights load in the same order. The input projection of every
 * step is one matrix product up front; only h·U runs per step. No masking, initial state,
 * statefulness or built-in dropout (use Dropout layers). Works inside tf.layers.bidirectional.
 * Registered with tf.serialization as 'ResetAfterGRU' when @dl/core is imported.
 */
export class ResetAfterGRU extends tf.layers.Layer {
  static readonly className = 'ResetAfterGRU';
  readonly units: number;
  readonly activation: Activation;
  readonly recurrentActivation: Activation;
  readonly returnSequences: boolean;
  readonly goBackwards: boolean;
  private readonly initializers: { kernel: string; recurrent: string; bias: string };
  private kernel!: tf.LayerVariable;
  private recurrentKernel!: tf.LayerVariable;
  private bias!: tf.LayerVariable;

  constructor(args: ResetAfterGruArgs) {
    super(args);
    if (!Number.isInteger(args.units) || args.units < 1) {
      throw new DlError(
        'INVALID_ARGUMENT',
        `GRU units must be a positive integer, got ${args.units}`,
      );
    }
    const extra = args as unknown as Serialized;
    for (const unsupported of ['resetAfter', 'dropout', 'recurrentDropout', 'stateful']) {
      const v = extra[unsupported];
      if (v && !(unsupported === 'resetAfter' && v === true)) {
        throw new DlError('INVALID_ARGUMENT', `ResetAfterGRU does not support ${unsupported}=${v}`);
      }
    }
    this.units = args.units;
    this.activation = args.activation ?? 'tanh';
    this.recurrentActivation = args.recurrentActivation ?? 'sigmoid';
    this.returnSequences = args.returnSequences ?? false;
    this.goBackwards = args.goBackwards ?? false;
    this.initializers = {
      kernel: args.kernelInitializer ?? 'glorotUniform',
      recurrent: args.recurrentInitializer ?? 'orthogonal',
      bias: args.biasInitializer ?? 'zeros',
    };
    this.inputSpec = [{ ndim: 3 }];
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const inputDim = shape[shape.length - 1];
    if (inputDim == null) {
      throw new DlError('INVALID_ARGUMENT', 'ResetAfterGRU needs a known input feature size');
    }
    const u = this.units;
    const init = (name: string) =>
      name === 'orthogonal'
        ? (new FastOrthogonal() as unknown as Initializer)
        : ((tf.initializers as unknown as Record<string, (a: object) => Initializer>)[name]?.({}) ??
          unknownInit(name));
    this.kernel = this.addWeight(
      'kernel',
      [inputDim, 3 * u],
      'float32',
      init(this.initializers.kernel),
    );
    this.recurrentKernel = this.addWeight(
      'recurrent_kernel',
      [u, 3 * u],
      'float32',
      init(this.initializers.recurrent),
    );
    this.bias = this.addWeight('bias', [2, 3 * u], 'float32', init(this.initializers.bias));
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return this.returnSequences ? [shape[0], shape[1], this.units] : [shape[0], this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const [batch, steps, inputDim] = x.shape;
      const u = this.units;
      const [inBias, recBias] = tf.unstack(this.bias.read());
      const projected = tf
        .add(tf.matMul(tf.reshape(x, [batch * steps, inputDim]), this.kernel.read()), inBias)
        .reshape([batch, steps, 3 * u]);
      const perStep = tf.unstack(projected, 1);
      if (this.goBackwards) perStep.reverse();
      const recurrent = this.recurrentKernel.read();
      let h: tf.Tensor = tf.zeros([batch, u]);
      const outputs: tf.Tensor[] = [];
      for (const xt of perStep) {
        h = this.step(xt, h, recurrent, recBias);
        if (this.returnSequences) outputs.push(h);
      }
      return this.returnSequences ? tf.stack(outputs, 1) : h;
    });
  }

  /** One step from the input projection `xt` = x·W + b_in and the previous state. */
  private step(xt: tf.Tensor, h: tf.Tensor, recurrent: tf.Tensor, recBias: tf.Tensor): tf.Tensor {
    const [xz, xr, xh] = tf.split(xt, 3, 1);
    const [hz, hr, hh] = tf.split(tf.add(tf.matMul(h, recurrent), recBias), 3, 1);
    const z = activate(this.recurrentActivation, tf.add(xz, hz));
    const r = activate(this.recurrentActivation, tf.add(xr, hr));
    const candidate = activate(this.activation, tf.add(xh, tf.mul(r, hh)));
    return tf.add(tf.mul(z, h), tf.mul(tf.sub(1, z), candidate));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: this.activation,
      recurrentActivation: this.recurrentActivation,
      returnSequences: this.returnSequences,
      goBackwards: this.goBackwards,
      kernelInitializer: this.initializers.kernel,
      recurrentInitializer: this.initializers.recurrent,
      biasInitializer: this.initializers.bias,
      resetAfter: true,
    };
  }
}

/**
 * Orthogonal rows (or columns, whichever are fewer) by modified Gram–Schmidt on a normal
 * draw: what tf.initializers.orthogonal gives, without its QR, which takes ~20 s for a
 * 128 × 384 recurrent kernel in pure JS.
 */
class FastOrthogonal {
  apply(shape: tf.Shape): tf.Tensor {
    const [rows, cols] = shape as [number, number];
    const transpose = rows > cols;
    const [n, len] = transpose ? [cols, rows] : [rows, cols];
    const v = Float64Array.from(tf.tidy(() => tf.randomNormal([n, len]).dataSync()));
    for (let i = 0; i < n; i++) {
      const row = v.subarray(i * len, (i + 1) * len);
      for (let j = 0; j < i; j++) {
        const prev = v.subarray(j * len, (j + 1) * len);
        let dot = 0;
        for (let k = 0; k < len; k++) dot += row[k] * prev[k];
        for (let k = 0; k < len; k++) row[k] -= dot * prev[k];
      }
      let norm = 0;
      for (let k = 0; k < len; k++) norm += row[k] * row[k];
      norm = Math.sqrt(norm) || 1;
      for (let k = 0; k < len; k++) row[k] /= norm;
    }
    const m = tf.tensor2d(Float32Array.from(v), [n, len]);
    return transpose ? tf.tidy(() => tf.transpose(m)) : m;
  }
}

function unknownInit(name: string): never {
  throw new DlError('INVALID_ARGUMENT', `unknown initializer '${name}' (a tf.initializers name)`);
}

let registered = false;

/**
 * Registers ResetAfterGRU with tf.serialization so `tf.loadLayersModel` can rebuild models
 * that use it. Importing @dl/core already does this; call it again after loading a second copy
 * of tfjs. Idempotent.
 */
export function registerDlLayers(): void {
  if (registered) return;
  tf.serialization.registerClass(ResetAfterGRU);
  registered = true;
}
registerDlLayers();

/** A ResetAfterGRU layer (Keras `GRU(units, reset_after=True)`), like tf.layers.gru. */
export const resetAfterGru = (args: ResetAfterGruArgs): ResetAfterGRU => new ResetAfterGRU(args);

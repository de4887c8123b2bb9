import * as tf from '../tf';

export interface TrainingParityOptions {
  /** Builds and compiles the model; called once per backend. */
  build: () => tf.LayersModel;
  /** The batch for a step, created on whichever backend is active when it is called. */
  batch: (step: number) => { x: tf.Tensor | tf.Tensor[]; y: tf.Tensor | tf.Tensor[] };
  steps: number;
  /** Backends to compare; the first one's initial weights are copied to the others. */
  backends: string[];
}

/**
 * Trains the same model from the same initial weights on the same batches on each backend and
 * returns each backend's loss per step. Used to prove a backend trains like the reference
 * (tests: wasm against cpu within 1e-3) and handy when validating a new backend.
 * Dropout layers must be seeded for the runs to be comparable.
 */
export async function trainingParity(
  options: TrainingParityOptions,
): Promise<Record<string, number[]>> {
  const previous = tf.getBackend();
  let init: { values: Float32Array; shape: number[] }[] | null = null;
  const losses: Record<string, number[]> = {};
  for (const backend of options.backends) {
    await tf.setBackend(backend);
    const model = options.build();
    if (init === null) {
      init = model
        .getWeights()
        .map((w) => ({ values: w.dataSync() as Float32Array, shape: w.shape }));
    } else {
      const weights = init.map((w) => tf.tensor(w.values, w.shape));
      model.setWeights(weights);
      tf.dispose(weights);
    }
    const history: number[] = [];
    for (let step = 0; step < options.steps; step++) {
      const { x, y } = options.batch(step);
      const out = await model.trainOnBatch(x, y);
      history.push(Array.isArray(out) ? out[0] : out);
      tf.dispose([x, y] as tf.Tensor[]);
    }
    losses[backend] = history;
    model.dispose();
  }
  await tf.setBackend(previous);
  return losses;
}

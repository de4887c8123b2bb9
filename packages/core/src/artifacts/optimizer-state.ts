import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DlError } from '../errors';
import * as tf from '../tf';

const STATE_JSON = 'optimizer.json';
const STATE_BIN = 'optimizer.bin';

/** Writes an optimizer's slots (Adam's m and v, iterations, …) into `dir`. */
export async function saveOptimizerState(optimizer: tf.Optimizer, dir: string): Promise<void> {
  const weights = await optimizer.getWeights();
  const { data, specs } = await tf.io.encodeWeights(weights);
  // getWeights returns the slot variables themselves plus fresh tensors (Adam's iteration
  // count); free the fresh ones or every checkpoint leaks them.
  for (const w of weights) {
    if (typeof (w.tensor as Partial<tf.Variable>).assign !== 'function') w.tensor.dispose();
  }
  const buffer = Array.isArray(data) ? tf.io.CompositeArrayBuffer.join(data) : data;
  await writeFile(join(dir, STATE_BIN), new Uint8Array(buffer));
  await writeFile(
    join(dir, STATE_JSON),
    JSON.stringify({ className: optimizer.getClassName(), config: optimizer.getConfig(), specs }),
  );
}

export function hasOptimizerState(dir: string): boolean {
  return existsSync(join(dir, STATE_JSON));
}

/**
 * Restores optimizer slots saved by saveOptimizerState into `optimizer`, which must be of the
 * same class and belong to the same model (slots are matched by position).
 */
export async function loadOptimizerState(optimizer: tf.Optimizer, dir: string): Promise<void> {
  const path = join(dir, STATE_JSON);
  let state: { className: string; specs: tf.io.WeightsManifestEntry[] };
  try {
    state = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new DlError('FILE_CORRUPT', `cannot read optimizer state (${(e as Error).message})`, {
      path,
      cause: e,
    });
  }
  if (state.className !== optimizer.getClassName()) {
    throw new DlError(
      'MODEL_INVALID',
      `checkpoint optimizer is ${state.className}; the model is compiled with ${optimizer.getClassName()}`,
      { path },
    );
  }
  const bin = await readFile(join(dir, STATE_BIN));
  const map = tf.io.decodeWeights(
    bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer,
    state.specs,
  );
  await optimizer.setWeights(state.specs.map((s) => ({ name: s.name, tensor: map[s.name] })));
  // setWeights copies into new variables (and reads the iteration count); the decoded
  // tensors are ours to free.
  tf.dispose(Object.values(map));
}

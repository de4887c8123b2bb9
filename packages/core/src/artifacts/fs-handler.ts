import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DlError } from '../errors';
import * as tf from '../tf';
import { writeStep } from './fs-reason';
import { ensureDir } from './writable';

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

function joinWeights(data: tf.io.WeightData | undefined): ArrayBuffer {
  if (data === undefined) return new ArrayBuffer(0);
  return Array.isArray(data) ? tf.io.CompositeArrayBuffer.join(data) : data;
}

/** Bytes of 1, 2 and 4 per value: what a weight of this storage type takes in a shard. */
const BYTES: Record<string, number> = {
  float32: 4,
  int32: 4,
  complex64: 8,
  uint16: 2,
  float16: 2,
  uint8: 1,
  bool: 1,
};

/**
 * The bytes a weight takes in the shards: its stored type's (a quantized weight — uint8, uint16
 * or float16, as tfjs-converter writes — is stored at the quantized size, not its dtype's);
 * strings are variable-length and counted as 0, so the check is a lower bound.
 */
function specBytes(s: tf.io.WeightsManifestEntry): number {
  const stored = s.quantization?.dtype ?? s.dtype;
  return s.shape.reduce((a, b) => a * b, 1) * (BYTES[stored] ?? 0);
}

/**
 * A TensorFlow.js IO handler for a directory on the local file system that works on every
 * backend (pure tfjs has no `file://` scheme; only tfjs-node adds one). Writes the standard
 * layers format — model.json plus one weights shard — so the result also loads in a browser
 * or with tfjs-node's `file://`.
 */
export function fileSystemHandler(dir: string): tf.io.IOHandler {
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new DlError('MODEL_INVALID', 'binary (graph-model) topologies cannot be saved here');
      }
      // One level at a time: recursive mkdir hangs under /proc.
      await ensureDir(dir);
      const weights = joinWeights(artifacts.weightData);
      const manifest: tf.io.WeightsManifestConfig = [
        { paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] },
      ];
      // The standard model.json fields (tfjs's own builder of it is not exported).
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology as object,
        weightsManifest: manifest,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
        ...(artifacts.userDefinedMetadata
          ? { userDefinedMetadata: artifacts.userDefinedMetadata }
          : {}),
      };
      await writeStep(dir, 'write the model files', async () => {
        await writeFile(join(dir, WEIGHTS_BIN), new Uint8Array(weights));
        await writeFile(join(dir, MODEL_JSON), JSON.stringify(modelJson));
      });
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },

    async load(): Promise<tf.io.ModelArtifacts> {
      const jsonPath = join(dir, MODEL_JSON);
      if (!existsSync(jsonPath)) {
        throw new DlError('FILE_NOT_FOUND', `no ${MODEL_JSON}: not a saved model directory`, {
          path: dir,
        });
      }
      let modelJson: tf.io.ModelJSON;
      try {
        modelJson = JSON.parse(await readFile(jsonPath, 'utf8'));
      } catch (e) {
        throw new DlError('FILE_CORRUPT', `invalid JSON (${(e as Error).message})`, {
          path: jsonPath,
          cause: e,
        });
      }
      if (!modelJson || typeof modelJson !== 'object' || !modelJson.modelTopology) {
        throw new DlError('FILE_CORRUPT', 'no modelTopology: not a TensorFlow.js layers model', {
          path: jsonPath,
        });
      }
      return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
        const specs = manifest.flatMap((group) => group.weights);
        const buffers: ArrayBuffer[] = [];
        for (const group of manifest) {
          for (const p of group.paths) {
            const file = join(dir, p);
            if (!existsSync(file)) {
              throw new DlError('FILE_NOT_FOUND', 'weights shard listed in model.json is missing', {
                path: file,
              });
            }
            const b = await readFile(file);
            buffers.push(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
          }
        }
        const data = tf.io.CompositeArrayBuffer.join(buffers);
        const expected = specs.reduce((n, s) => n + specBytes(s), 0);
        if (data.byteLength < expected) {
          throw new DlError(
            'FILE_CORRUPT',
            `weights are ${data.byteLength} bytes; model.json describes ${expected}`,
            { path: join(dir, manifest[0]?.paths[0] ?? WEIGHTS_BIN) },
          );
        }
        return [specs, data];
      });
    },
  };
}

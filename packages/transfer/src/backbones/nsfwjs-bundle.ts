import { runInNewContext } from 'node:vm';
import { DlError, tf } from '@dl/core';

/**
 * nsfwjs ships each model as UMD JS modules: model.min.js exports the model.json object and
 * each group1-shardKofN.min.js a base64 string of that weight shard. The files are evaluated
 * in an empty context (no require, no globals of ours) after their hashes were checked, so
 * only the exact audited code runs, and only to hand back data.
 */
function evaluateModule(bytes: Uint8Array, path: string): unknown {
  const module = { exports: {} as unknown };
  try {
    runInNewContext(
      Buffer.from(bytes).toString('utf8'),
      { module, exports: module.exports },
      {
        filename: path,
        timeout: 30_000,
      },
    );
  } catch (e) {
    throw new DlError('FILE_CORRUPT', `could not evaluate the bundled model module: ${e}`, {
      path,
      cause: e,
    });
  }
  return module.exports;
}

/** The model artifacts of an nsfwjs bundle: `files[0]` the model module, then the shards. */
export function nsfwjsArtifacts(
  files: readonly Uint8Array[],
  paths: readonly string[],
): tf.io.ModelArtifacts {
  // JSON round trip: plain objects of this realm, whatever the sandbox made.
  const modelJson = JSON.parse(JSON.stringify(evaluateModule(files[0], paths[0])));
  if (!modelJson?.modelTopology || !Array.isArray(modelJson.weightsManifest)) {
    throw new DlError('FILE_CORRUPT', 'the bundled model module exports no TF.js model.json', {
      path: paths[0],
    });
  }
  const shards = new Map<string, ArrayBuffer>();
  for (let i = 1; i < files.length; i++) {
    const base64 = evaluateModule(files[i], paths[i]);
    if (typeof base64 !== 'string') {
      throw new DlError('FILE_CORRUPT', 'the bundled weight shard exports no base64 string', {
        path: paths[i],
      });
    }
    const bytes = Buffer.from(base64, 'base64');
    const name = paths[i].replace(/^.*\//, '').replace(/\.min\.js$/, '');
    shards.set(name, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  }
  const manifest = modelJson.weightsManifest as tf.io.WeightsManifestConfig;
  const buffers = manifest.flatMap((group) =>
    group.paths.map((p) => {
      const shard = shards.get(p);
      if (!shard) {
        throw new DlError('FILE_CORRUPT', `model.json lists weight shard ${p}, not bundled`, {
          path: paths[0],
        });
      }
      return shard;
    }),
  );
  return {
    modelTopology: modelJson.modelTopology,
    format: modelJson.format,
    weightSpecs: manifest.flatMap((group) => group.weights),
    weightData: tf.io.CompositeArrayBuffer.join(buffers),
  };
}

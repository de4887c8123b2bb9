import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DlError, MODEL_JSON, tf } from '@dl/core';
import { nsfwjsArtifacts } from './nsfwjs-bundle';
import { readPinnedFiles, sha256 } from './resolve';
import type { BackboneSpec, NpmWeights } from './spec';

/** A loaded network before it is cut: a graph model (with its node names) or a layers model. */
export type LoadedNetwork = (
  | { kind: 'graph'; model: tf.GraphModel; nodes: ReadonlySet<string> }
  | { kind: 'layers'; model: tf.LayersModel }
) & {
  /** SHA-256 over the weight files' contents: what a feature cache is keyed by. */
  weightsId: string;
};

const toArrayBuffer = (b: Uint8Array): ArrayBuffer =>
  b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

function nodeNames(topology: unknown): Set<string> {
  const nodes = (topology as { node?: { name: string }[] } | undefined)?.node ?? [];
  return new Set(nodes.map((n) => n.name));
}

/** model.json + its shards (in manifest order), already read: the artifacts tfjs loads from. */
async function graphArtifacts(files: Uint8Array[], where: string): Promise<tf.io.ModelArtifacts> {
  let json: tf.io.ModelJSON;
  try {
    json = JSON.parse(Buffer.from(files[0]).toString('utf8'));
  } catch (e) {
    throw new DlError('FILE_CORRUPT', `model.json is not JSON (${(e as Error).message})`, {
      path: where,
      cause: e,
    });
  }
  const data = tf.io.CompositeArrayBuffer.join(files.slice(1).map(toArrayBuffer));
  return tf.io.getModelArtifactsForJSON(json, async (manifest) => [
    manifest.flatMap((g) => g.weights),
    data,
  ]);
}

/** One id for several files' hashes. */
const combinedId = (hashes: readonly string[]) => sha256(Buffer.from(hashes.join('\n')));

async function loadNpm(
  spec: BackboneSpec,
  weights: NpmWeights,
  from: string | undefined,
): Promise<LoadedNetwork> {
  const needer = `backbone '${spec.name}'`;
  const files = await readPinnedFiles(weights, from, needer);
  const paths = weights.files.map((f) => `${weights.package}/${f.path}`);
  const weightsId = combinedId(weights.files.map((f) => f.sha256));
  if (weights.format === 'nsfwjs-bundle') {
    const model = await tf.loadLayersModel(tf.io.fromMemory(nsfwjsArtifacts(files, paths)));
    return { kind: 'layers', model, weightsId };
  }
  const artifacts = await graphArtifacts(files, paths[0]);
  if (weights.format === 'layers-model') {
    const model = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
    return { kind: 'layers', model, weightsId };
  }
  const model = await tf.loadGraphModel(tf.io.fromMemory(artifacts));
  return { kind: 'graph', model, nodes: nodeNames(artifacts.modelTopology), weightsId };
}

/**
 * A model directory's model.json and the shards it lists, read here rather than through core's
 * fileSystemHandler: converted graph models store float16-quantized weights, which that
 * handler's size check (4 bytes a float) refuses.
 */
async function readDirectory(dir: string): Promise<Uint8Array[]> {
  const jsonPath = join(dir, MODEL_JSON);
  const read = async (path: string) => {
    try {
      return new Uint8Array(await readFile(path));
    } catch (e) {
      throw new DlError('FILE_NOT_FOUND', 'cannot read this file of the model directory', {
        path,
        cause: e,
      });
    }
  };
  const json = await read(jsonPath);
  let manifest: { paths: string[] }[];
  try {
    manifest = JSON.parse(Buffer.from(json).toString('utf8')).weightsManifest ?? [];
  } catch (e) {
    throw new DlError('FILE_CORRUPT', `invalid JSON (${(e as Error).message})`, {
      path: jsonPath,
      cause: e,
    });
  }
  const files = [json];
  for (const p of manifest.flatMap((g) => g.paths)) files.push(await read(join(dir, p)));
  return files;
}

/**
 * Loads a backbone's network onto @dl/core's tfjs (whatever backend is active), never through
 * a package's own bundled tfjs: weights from an installed npm package (hash-checked) or from a
 * TF.js model directory of the user's.
 */
export async function loadNetwork(
  spec: BackboneSpec,
  from: string | undefined,
): Promise<LoadedNetwork> {
  try {
    return await loadAny(spec, from);
  } catch (e) {
    if (e instanceof DlError) throw e;
    const where = spec.weights.kind === 'npm' ? spec.weights.package : spec.weights.path;
    throw new DlError(
      'MODEL_INVALID',
      `backbone '${spec.name}' could not be loaded as a TF.js ${spec.weights.format}: ` +
        `${(e as Error).message}`,
      { path: where, cause: e },
    );
  }
}

async function loadAny(spec: BackboneSpec, from: string | undefined): Promise<LoadedNetwork> {
  const w = spec.weights;
  if (w.kind === 'npm') return loadNpm(spec, w, from);
  const files = await readDirectory(w.path);
  const weightsId = combinedId(files.map(sha256));
  const artifacts = await graphArtifacts(files, join(w.path, MODEL_JSON));
  if (w.format === 'layers-model') {
    return {
      kind: 'layers',
      model: await tf.loadLayersModel(tf.io.fromMemory(artifacts)),
      weightsId,
    };
  }
  const model = await tf.loadGraphModel(tf.io.fromMemory(artifacts));
  return { kind: 'graph', model, nodes: nodeNames(artifacts.modelTopology), weightsId };
}

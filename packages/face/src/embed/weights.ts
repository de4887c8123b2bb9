import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { DlError, tf } from '@dl/core';

/** The npm package whose `model/` folder ships the pretrained face networks (MIT licence). */
export const FACE_API_PACKAGE = '@vladmandic/face-api';

/** The networks we use, by role. */
export type FaceNet = 'detector' | 'landmarks' | 'descriptor';

/**
 * The files of each network in the package's `model/` folder and their sha256, so weights that
 * differ from the ones this code was written and tested against are refused rather than
 * silently giving other descriptors (a gallery records the descriptor's hash too).
 */
export const FACE_API_WEIGHTS: Record<
  FaceNet,
  { name: string; manifest: string; weights: string }
> = {
  detector: {
    name: 'tiny_face_detector_model',
    manifest: '5d1af4849ac48d5b985f4a9b16010c512353ddd6fcc63d50fd0bc9e9e64296e5',
    weights: 'b7503ce7df31039b1c43316a9b865cab6a70dd748cc602d3fa28b551503c3871',
  },
  landmarks: {
    name: 'face_landmark_68_model',
    manifest: 'ca4886639f86e99b39fed0c155f81b63317225773bd9616716e887b0153389c9',
    weights: '4611ef65c87d836d03d684b30eec4d195d8b219fa1dd58fc58945831c6b9299b',
  },
  descriptor: {
    name: 'face_recognition_model',
    manifest: 'cbaffa501b0b9275a12b63357a6843e7e30c054e1c9151e1a5f879b26e32986b',
    weights: 'b413e420d6840b2775fba32008db6f3cddb07d485967fb42cfcf379c16a8c589',
  },
};

/** The 128-d descriptor's id in galleries: the network and the hash of its weights. */
export const DESCRIPTOR_MODEL_ID = `${FACE_API_PACKAGE}/${FACE_API_WEIGHTS.descriptor.name}`;

export interface FaceWeightsOptions {
  /**
   * A folder holding the `*-weights_manifest.json` and `.bin` files directly (a copy of the
   * package's `model/`). Default: the installed package's `model/` folder.
   */
  modelDir?: string;
  /** Where to resolve the package from (a folder). Default: this module's location. */
  resolveFrom?: string;
  /** @internal The package to resolve (tests name one that is absent). */
  packageName?: string;
}

const metaUrl = (import.meta as { url?: string }).url;

/** The installed package's model folder, or a DlError that says how to install it. */
export function faceApiModelDir(o: FaceWeightsOptions = {}): string {
  if (o.modelDir) return o.modelDir;
  try {
    const from = o.resolveFrom ? join(resolve(o.resolveFrom), 'noop.js') : (metaUrl ?? __filename);
    const req = createRequire(from);
    return join(dirname(req.resolve(`${o.packageName ?? FACE_API_PACKAGE}/package.json`)), 'model');
  } catch (e) {
    throw new DlError(
      'FILE_NOT_FOUND',
      `the pretrained face models come from the optional package ${FACE_API_PACKAGE}, which is not installed: npm i ${FACE_API_PACKAGE}`,
      { cause: e },
    );
  }
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function readChecked(path: string, expected: string): Promise<Buffer> {
  if (!existsSync(path)) {
    throw new DlError(
      'FILE_NOT_FOUND',
      `pretrained weights file missing (reinstall ${FACE_API_PACKAGE})`,
      {
        path,
      },
    );
  }
  const bytes = await readFile(path);
  const found = sha256(bytes);
  if (found !== expected) {
    throw new DlError(
      'MODEL_INVALID',
      `sha256 ${found} differs from the ${expected} these weights must have; install ${FACE_API_PACKAGE} 1.7.x unmodified`,
      { path },
    );
  }
  return bytes;
}

/** One network's weights, hash-checked and decoded (uint8-quantised in the files) to tensors. */
export async function loadFaceNetWeights(
  net: FaceNet,
  o: FaceWeightsOptions = {},
): Promise<tf.NamedTensorMap> {
  const dir = faceApiModelDir(o);
  const spec = FACE_API_WEIGHTS[net];
  const manifestPath = join(dir, `${spec.name}-weights_manifest.json`);
  const manifest = JSON.parse(
    (await readChecked(manifestPath, spec.manifest)).toString('utf8'),
  ) as {
    paths: string[];
    weights: tf.io.WeightsManifestEntry[];
  }[];
  const specs = manifest.flatMap((g) => g.weights);
  const buffers = await Promise.all(
    manifest.flatMap((g) => g.paths).map((p) => readChecked(join(dir, p), spec.weights)),
  );
  const joined = Buffer.concat(buffers);
  const data = joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.byteLength);
  return tf.io.decodeWeights(data, specs);
}

/** A weight by name, with a clear error if a file lacks it. */
export function weight<R extends tf.Rank>(map: tf.NamedTensorMap, name: string): tf.Tensor<R> {
  const t = map[name];
  if (!t) throw new DlError('MODEL_INVALID', `the face model weights have no tensor "${name}"`);
  return t as tf.Tensor<R>;
}

import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { DlError, writeFileAtomic } from '@dl/core';

type H5wasm = typeof import('h5wasm').default;
type H5Group = InstanceType<H5wasm['Group']>;

/** One weight of a Keras layer as stored: its name (`block1_conv1/kernel:0`), shape, values. */
export interface KerasWeight {
  name: string;
  shape: number[];
  data: Float32Array;
}

/** The weights of a Keras HDF5 file, by layer, in the file's layer order. */
export interface KerasWeightsFile {
  path: string;
  /** Every layer the file lists (`layer_names`), with or without weights. */
  layerNames: string[];
  weights: Map<string, KerasWeight[]>;
  kerasVersion?: string;
  backend?: string;
}

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** The part of Emscripten's in-memory file system used here. */
interface MemoryFs {
  writeFile(p: string, d: Uint8Array): void;
  readFile(p: string): Uint8Array;
  unlink(p: string): void;
}

let library: Promise<{ lib: H5wasm; FS: MemoryFs }> | undefined;

/** h5wasm (HDF5 compiled to WebAssembly), loaded on first use: ESM only, so imported lazily. */
async function h5(): Promise<{ lib: H5wasm; FS: MemoryFs }> {
  library ??= import('h5wasm').then(async (m) => {
    const lib = ((m as { default?: H5wasm }).default ?? m) as H5wasm;
    const module = (await lib.ready) as unknown as { FS: MemoryFs };
    return { lib, FS: module.FS };
  });
  return library;
}

/** A unique name in h5wasm's in-memory file system (files pass through it as bytes). */
const memName = (tag: string) => `/dl-${tag}-${process.pid}-${randomBytes(6).toString('hex')}.h5`;

function strings(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.map(String);
  if (ArrayBuffer.isView(value)) return [];
  return [String(value)];
}

function attr(group: H5Group, name: string): unknown {
  const a = group.attrs[name];
  return a ? a.value : undefined;
}

function readLayer(group: H5Group, layer: string, path: string): KerasWeight[] {
  const entry = group.get(layer);
  if (!entry || !(entry as H5Group).keys) {
    throw new DlError(
      'FILE_CORRUPT',
      `layer_names lists ${layer}, but the file has no such group`,
      {
        path,
      },
    );
  }
  const g = entry as H5Group;
  return strings(attr(g, 'weight_names')).map((name) => {
    const ds = g.get(name) as { shape: number[] | null; value: unknown } | null;
    if (!ds?.shape) {
      throw new DlError('FILE_CORRUPT', `layer ${layer} lists weight ${name}, which is missing`, {
        path,
      });
    }
    const v = ds.value;
    const data =
      v instanceof Float32Array
        ? v
        : ArrayBuffer.isView(v)
          ? Float32Array.from(v as unknown as ArrayLike<number>)
          : typeof v === 'number'
            ? Float32Array.of(v)
            : null;
    if (!data) {
      throw new DlError('FILE_UNSUPPORTED', `weight ${name} of ${layer} is not numeric`, { path });
    }
    return { name, shape: [...ds.shape], data };
  });
}

/**
 * Reads the weights of a Keras HDF5 file: `model.save_weights('x.h5')` (Keras 2 layout, also
 * the keras.applications `*_weights_tf_dim_ordering_tf_kernels*.h5` files) or a whole model
 * saved with `model.save('x.h5')` (weights under `model_weights/`). Not an HDF5 file, or HDF5
 * without Keras' `layer_names`, is a DlError naming the file.
 */
export async function readKerasWeights(path: string): Promise<KerasWeightsFile> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (e) {
    throw new DlError(
      'FILE_NOT_FOUND',
      `cannot read the weights file (${(e as NodeJS.ErrnoException).code})`,
      {
        path,
        cause: e,
      },
    );
  }
  if (!HDF5_SIGNATURE.every((b, i) => bytes[i] === b)) {
    throw new DlError(
      'FILE_CORRUPT',
      'not an HDF5 file (no HDF5 signature): expected Keras .h5 weights',
      {
        path,
      },
    );
  }
  const { lib, FS } = await h5();
  const name = memName('read');
  FS.writeFile(name, bytes);
  let file: InstanceType<H5wasm['File']> | undefined;
  try {
    file = new lib.File(name, 'r');
    const root = (
      file.keys().includes('model_weights') ? file.get('model_weights') : file
    ) as H5Group;
    const layerNames = strings(attr(root, 'layer_names'));
    if (layerNames.length === 0) {
      const keras3 =
        file.keys().includes('layers') || file.keys().includes('_layer_checkpoint_dependencies');
      throw new DlError(
        'FILE_UNSUPPORTED',
        keras3
          ? 'a Keras 3 .weights.h5 file; save the weights in the legacy format: model.save_weights("w.h5") with Keras 2, or tf_keras'
          : 'HDF5 without Keras "layer_names": not a Keras weights file',
        { path },
      );
    }
    const weights = new Map<string, KerasWeight[]>();
    for (const layer of layerNames) weights.set(layer, readLayer(root, layer, path));
    return {
      path,
      layerNames,
      weights,
      kerasVersion: strings(attr(root, 'keras_version'))[0],
      backend: strings(attr(root, 'backend'))[0],
    };
  } finally {
    file?.close();
    FS.unlink(name);
  }
}

export interface WriteKerasWeightsOptions {
  /** Replace an existing file whatever it holds. Default false: only a file of ours is replaced. */
  overwrite?: boolean;
}

/**
 * Writes layers' weights as a Keras 2 weights file (`model.load_weights` reads it; so does
 * readKerasWeights), atomically. An existing file is replaced only with `overwrite`.
 */
export async function writeKerasWeights(
  path: string,
  layers: readonly { name: string; weights: readonly KerasWeight[] }[],
  options: WriteKerasWeightsOptions = {},
): Promise<void> {
  const { lib, FS } = await h5();
  const name = memName('write');
  const file = new lib.File(name, 'w');
  try {
    file.create_attribute(
      'layer_names',
      layers.map((l) => l.name),
    );
    file.create_attribute('backend', 'tensorflow');
    file.create_attribute('keras_version', '2.15.0');
    for (const layer of layers) {
      const g = file.create_group(layer.name);
      g.create_attribute(
        'weight_names',
        layer.weights.map((w) => w.name),
      );
      for (const w of layer.weights) {
        const parts = w.name.split('/');
        let at = g;
        for (const p of parts.slice(0, -1)) {
          at = (at.keys().includes(p) ? at.get(p) : at.create_group(p)) as H5Group;
        }
        at.create_dataset({
          name: parts.at(-1) as string,
          data: w.data,
          shape: w.shape,
          dtype: '<f',
        });
      }
    }
  } finally {
    file.close();
  }
  try {
    await writeFileAtomic(path, FS.readFile(name), { overwrite: options.overwrite });
  } finally {
    FS.unlink(name);
  }
}

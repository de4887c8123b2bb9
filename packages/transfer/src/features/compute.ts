import { readFile } from 'node:fs/promises';
import {
  type DecodedImage,
  DlError,
  decodeImage,
  type ProgressMode,
  type Sink,
  tf,
} from '@dl/core';
import type { Backbone } from '../backbones/backbone';
import { preprocessImages } from '../backbones/preprocess';
import { sha256 } from '../backbones/resolve';
import { type CacheRecord, FeatureCache } from './cache';
import { featureKeyHash, featureKeyOf } from './key';
import { FeatureProgress } from './progress';

export interface ComputeFeaturesOptions {
  /**
   * A folder to keep features in, keyed by each file's content hash + the backbone's weights,
   * preprocessing and nodes: computed once, reused by every later run (and resumed after an
   * interruption). Absent, empty or an earlier cache; anything else is refused. Default: none
   * (features are computed in memory every time).
   */
  cacheDir?: string;
  /** Images per forward pass. Default 8. */
  batchSize?: number;
  /**
   * Average each image's features with its mirror image's (test-time augmentation: twice the
   * compute, usually a little more accurate; part of the cache key). Default false.
   */
  flip?: boolean;
  /** A cache part is written after at least this many new images. Default 32. */
  saveEvery?: number;
  /** 'auto' (default), 'bar', 'plain', 'json' or 'silent'. */
  progress?: ProgressMode;
  /** Default process.stderr. */
  progressOut?: Sink;
  /** Stops after the current batch (what is computed so far is saved); rejects with the reason. */
  signal?: AbortSignal;
}

export const FEATURE_DEFAULTS = { batchSize: 8, flip: false, saveEvery: 32 } as const;

/** Features of a list of images, row i for `paths[i]`. */
export interface FeatureSet {
  /** `count × dim`, row-major. */
  data: Float32Array;
  dim: number;
  count: number;
  /** SHA-256 of each file's bytes (the cache key of its row). */
  hashes: string[];
  /** The feature key's hash: backbone weights + preprocessing + nodes + flip. */
  key: string;
  /** Rows read from the cache / computed in this call. */
  fromCache: number;
  computed: number;
}

/** Decodes bytes to an image, any format the core readers know (EXIF orientation applied). */
async function decode(bytes: Uint8Array, path: string): Promise<DecodedImage> {
  return decodeImage(bytes, { source: path });
}

/** One batch of decoded images → `[n, dim]` features (with the mirror average when `flip`). */
export function embedBatch(
  backbone: Backbone,
  images: DecodedImage[],
  flip: boolean,
): Float32Array {
  return tf
    .tidy(() => {
      const x = preprocessImages(images, backbone.spec.preprocessing);
      let y = backbone.forward(x);
      if (flip) y = y.add(backbone.forward(x.reverse(2))).div(2);
      return y.dataSync() as Float32Array;
    })
    .slice();
}

function checkOptions(o: ComputeFeaturesOptions): void {
  for (const [name, v] of [
    ['batchSize', o.batchSize],
    ['saveEvery', o.saveEvery],
  ] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < 1)) {
      throw new DlError('INVALID_ARGUMENT', `${name} must be a positive integer, got ${v}`);
    }
  }
}

/**
 * Computes (or reads from the cache) the backbone's features of every image file, in batches,
 * with progress and ETA. An image that does not decode is a DlError naming the file; with a
 * cache, every batch finished before it is kept.
 */
export async function computeFeatures(
  backbone: Backbone,
  paths: readonly string[],
  o: ComputeFeaturesOptions = {},
): Promise<FeatureSet> {
  checkOptions(o);
  const batchSize = o.batchSize ?? FEATURE_DEFAULTS.batchSize;
  const flip = o.flip ?? FEATURE_DEFAULTS.flip;
  const key = featureKeyOf(backbone, flip);
  const cache = o.cacheDir ? await FeatureCache.open(o.cacheDir, key) : null;
  const known = cache ? await cache.load() : new Map<string, Float32Array>();
  const dim = backbone.featureDim;
  const data = new Float32Array(paths.length * dim);
  const hashes: string[] = [];
  // indices only: the bytes are read again per batch, so a large set is never all in memory
  const todo: number[] = [];
  for (let i = 0; i < paths.length; i++) {
    const bytes = await readImageBytes(paths[i]);
    const hash = sha256(bytes);
    hashes.push(hash);
    const hit = known.get(hash);
    if (hit) data.set(hit, i * dim);
    else todo.push(i);
  }
  const fromCache = paths.length - todo.length;
  const progress = new FeatureProgress(
    backbone.spec.name,
    paths.length,
    fromCache,
    o.progress,
    o.progressOut,
  );
  let pending: CacheRecord[] = [];
  const flush = async () => {
    await cache?.append(pending);
    pending = [];
  };
  try {
    for (let at = 0; at < todo.length; at += batchSize) {
      if (o.signal?.aborted) throw o.signal.reason ?? new Error('aborted');
      const batch = todo.slice(at, at + batchSize);
      const images: DecodedImage[] = [];
      for (const i of batch) images.push(await decode(await readImageBytes(paths[i]), paths[i]));
      const rows = embedBatch(backbone, images, flip);
      batch.forEach((i, k) => {
        const vector = rows.slice(k * dim, (k + 1) * dim);
        data.set(vector, i * dim);
        pending.push({ hash: hashes[i], vector });
      });
      if (pending.length >= (o.saveEvery ?? FEATURE_DEFAULTS.saveEvery)) await flush();
      progress.update(fromCache + at + batch.length);
    }
  } finally {
    await flush();
  }
  progress.update(paths.length, true);
  return {
    data,
    dim,
    count: paths.length,
    hashes,
    key: featureKeyHash(key),
    fromCache,
    computed: todo.length,
  };
}

async function readImageBytes(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DlError(
      code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'FILE_CORRUPT',
      `cannot read the image (${code ?? (e as Error).message})`,
      { path, cause: e },
    );
  }
}

import { randomBytes } from 'node:crypto';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DlError, writeFileAtomic } from '@dl/core';
import { type FeatureKey, featureKeyHash } from './key';

/** The marker that makes a folder a @dl feature cache (ours to write into). */
export const FEATURE_CACHE_JSON = 'dl-feature-cache.json';
const KEY_JSON = 'key.json';
const MAGIC = 0x43464c44; // 'DLFC' little-endian
const HEADER = 16;
const HASH_BYTES = 32;

const marker = { format: 'dl-feature-cache', formatVersion: 1 } as const;

const isJsonWith =
  (format: string) =>
  (head: Buffer): boolean => {
    try {
      return JSON.parse(head.toString('utf8')).format === format;
    } catch {
      return false;
    }
  };

/** Refuses a root that holds anything but a feature cache (a user's folder is never written). */
async function claimRoot(root: string): Promise<void> {
  const stats = await lstat(root).catch(() => null);
  if (!stats) return;
  const refuse = (what: string) =>
    new DlError(
      'OUTPUT_EXISTS',
      `exists and is ${what}, not a @dl feature cache (no ${FEATURE_CACHE_JSON}); ` +
        'choose another cacheDir or remove it yourself',
      { path: root },
    );
  if (!stats.isDirectory()) throw refuse('not a folder');
  const entries = await readdir(root);
  if (entries.length === 0) return;
  const head = entries.includes(FEATURE_CACHE_JSON)
    ? await readFile(join(root, FEATURE_CACHE_JSON)).catch(() => Buffer.alloc(0))
    : Buffer.alloc(0);
  if (!isJsonWith(marker.format)(head)) throw refuse(`a folder holding ${entries.length} entries`);
}

/** Encodes records as one part file: header (magic, version, dim, count), then hash + vector. */
export function encodePart(dim: number, records: readonly CacheRecord[]): Uint8Array {
  const recordBytes = HASH_BYTES + 4 * dim;
  const out = new Uint8Array(HEADER + records.length * recordBytes);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, 1, true);
  view.setUint32(8, dim, true);
  view.setUint32(12, records.length, true);
  records.forEach((r, i) => {
    const at = HEADER + i * recordBytes;
    out.set(Buffer.from(r.hash, 'hex'), at);
    new Float32Array(out.buffer, at + HASH_BYTES, dim).set(r.vector);
  });
  return out;
}

/** Decodes a part file; null when it is not one of ours for this dimension. */
export function decodePart(bytes: Uint8Array, dim: number): CacheRecord[] | null {
  if (bytes.length < HEADER) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(12, true);
  const recordBytes = HASH_BYTES + 4 * dim;
  const ok =
    view.getUint32(0, true) === MAGIC &&
    view.getUint32(4, true) === 1 &&
    view.getUint32(8, true) === dim &&
    bytes.length === HEADER + count * recordBytes;
  if (!ok) return null;
  const records: CacheRecord[] = [];
  for (let i = 0; i < count; i++) {
    const at = HEADER + i * recordBytes;
    const hash = Buffer.from(bytes.subarray(at, at + HASH_BYTES)).toString('hex');
    // copy: the vector must not keep the whole file alive, and must be 4-byte aligned
    const vector = new Float32Array(dim);
    new Uint8Array(vector.buffer).set(bytes.subarray(at + HASH_BYTES, at + recordBytes));
    records.push({ hash, vector });
  }
  return records;
}

/** One cached feature vector: the SHA-256 (hex) of the image file's bytes and its features. */
export interface CacheRecord {
  hash: string;
  vector: Float32Array;
}

/**
 * Features on disk, one folder per feature key (backbone weights + preprocessing + nodes +
 * flip) under a root marked as ours. Records are appended in part files, each written
 * atomically, so an interrupted extraction keeps every part it finished and the next run
 * computes only what is missing; a damaged part is skipped (and recomputed), never trusted.
 */
export class FeatureCache {
  private constructor(
    readonly root: string,
    readonly dir: string,
    readonly key: FeatureKey,
  ) {}

  /** Checks `root` (absent, empty or a feature cache), marks it and prepares the key's folder. */
  static async open(root: string, key: FeatureKey): Promise<FeatureCache> {
    await claimRoot(root);
    const ours = { isOurs: isJsonWith(marker.format) };
    await writeFileAtomic(join(root, FEATURE_CACHE_JSON), `${JSON.stringify(marker)}\n`, ours);
    const dir = join(root, featureKeyHash(key));
    const keyJson = `${JSON.stringify({ format: 'dl-feature-key', ...key }, null, 2)}\n`;
    await writeFileAtomic(join(dir, KEY_JSON), keyJson, { isOurs: isJsonWith('dl-feature-key') });
    return new FeatureCache(root, dir, key);
  }

  /** Every record of every readable part, by image hash. */
  async load(onSkip?: (path: string) => void): Promise<Map<string, Float32Array>> {
    const found = new Map<string, Float32Array>();
    const names = (await readdir(this.dir)).filter((n) => /^part-.*\.f32$/.test(n)).sort();
    for (const name of names) {
      const path = join(this.dir, name);
      const records = decodePart(new Uint8Array(await readFile(path)), this.key.dim);
      if (!records) {
        onSkip?.(path);
        continue;
      }
      for (const r of records) found.set(r.hash, r.vector);
    }
    return found;
  }

  /** Writes one new part file (atomically) holding `records`. */
  async append(records: readonly CacheRecord[]): Promise<void> {
    if (records.length === 0) return;
    const name = `part-${Date.now()}-${process.pid}-${randomBytes(4).toString('hex')}.f32`;
    await writeFileAtomic(join(this.dir, name), encodePart(this.key.dim, records));
  }
}

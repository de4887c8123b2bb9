import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DlError } from '../errors';
import * as tf from '../tf';
import { replaceDirAtomic } from './atomic';
import { fileSystemHandler } from './fs-handler';
import { DL_JSON } from './names';

export { DL_JSON };

export const DL_FORMAT_VERSION = 1;

/** What a model directory says about itself, beside the standard model.json. */
export interface DlMeta {
  format: 'dl-model';
  formatVersion: number;
  /** Which task the model solves, e.g. 'plate-province'; checked on load. */
  task: string;
  /** The package and version that trained it. */
  package: { name: string; version: string };
  labels?: string[];
  vocabulary?: string[];
  preprocessing?: Record<string, unknown>;
  metrics?: Record<string, number>;
  seed?: number;
  dataFingerprint?: string;
  backend?: string;
  createdAt: string;
  /** Task-specific extras. */
  extra?: Record<string, unknown>;
}

export type DlMetaInput = Omit<DlMeta, 'format' | 'formatVersion' | 'createdAt'> & {
  createdAt?: string;
};

/**
 * Saves a model as a directory: TF.js layers format (model.json + weights.bin, loadable by
 * plain `tf.loadLayersModel`) plus dl.json. Atomic: the directory appears complete or not at
 * all, and an existing model there is replaced only once the new one is fully written. An
 * existing `dir` that is not a @dl model directory (nor empty) is refused before any writing
 * (DlError OUTPUT_EXISTS), and an unwritable one too (OUTPUT_NOT_WRITABLE).
 */
export async function saveModelDir(
  model: tf.LayersModel,
  dir: string,
  meta: DlMetaInput,
  options: { includeOptimizer?: boolean } = {},
): Promise<void> {
  const full: DlMeta = {
    format: 'dl-model',
    formatVersion: DL_FORMAT_VERSION,
    createdAt: new Date().toISOString(),
    ...meta,
  };
  await replaceDirAtomic(dir, async (tmp) => {
    await model.save(fileSystemHandler(tmp), {
      includeOptimizer: options.includeOptimizer ?? false,
    });
    await writeFile(join(tmp, DL_JSON), `${JSON.stringify(full, null, 2)}\n`);
  });
}

/** Reads and validates dl.json, saying exactly what is wrong. */
export async function readDlMeta(dir: string, expectTask?: string | string[]): Promise<DlMeta> {
  if (!existsSync(dir))
    throw new DlError('FILE_NOT_FOUND', 'model directory does not exist', { path: dir });
  const path = join(dir, DL_JSON);
  if (!existsSync(path)) {
    throw new DlError(
      'MODEL_INVALID',
      `no ${DL_JSON}: not a @dl model directory (was it saved by @dl?)`,
      {
        path: dir,
      },
    );
  }
  let meta: DlMeta;
  try {
    meta = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new DlError('FILE_CORRUPT', `invalid JSON (${(e as Error).message})`, { path, cause: e });
  }
  if (meta?.format !== 'dl-model' || typeof meta.task !== 'string') {
    throw new DlError('MODEL_INVALID', `expected {"format": "dl-model", "task": …}`, { path });
  }
  if (!(meta.formatVersion <= DL_FORMAT_VERSION)) {
    throw new DlError(
      'MODEL_INVALID',
      `format version ${meta.formatVersion} is newer than this @dl/core reads (${DL_FORMAT_VERSION}); upgrade @dl/core`,
      { path },
    );
  }
  const tasks =
    expectTask === undefined ? [] : Array.isArray(expectTask) ? expectTask : [expectTask];
  if (tasks.length && !tasks.includes(meta.task)) {
    throw new DlError(
      'MODEL_INVALID',
      `this is a '${meta.task}' model (saved by ${meta.package?.name ?? '?'}); expected ${tasks.map((t) => `'${t}'`).join(' or ')}`,
      { path: dir },
    );
  }
  return meta;
}

/** Loads a model directory written by saveModelDir, checking dl.json first. */
export async function loadModelDir(
  dir: string,
  options: { task?: string | string[] } = {},
): Promise<{ model: tf.LayersModel; meta: DlMeta }> {
  const meta = await readDlMeta(dir, options.task);
  const model = await tf.loadLayersModel(fileSystemHandler(dir));
  return { model, meta };
}

/** A short stable hash of the data a model was trained on (file names, sizes, label lists…). */
export function dataFingerprint(parts: readonly (string | ArrayBufferView)[]): string {
  const h = createHash('sha256');
  for (const p of parts) {
    h.update(typeof p === 'string' ? p : new Uint8Array(p.buffer, p.byteOffset, p.byteLength));
    h.update('\u0000');
  }
  return `sha256:${h.digest('hex').slice(0, 16)}`;
}

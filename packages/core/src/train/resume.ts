import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type DlMeta, type DlMetaInput, loadModelDir, readDlMeta } from '../artifacts/model-dir';
import { hasOptimizerState, loadOptimizerState } from '../artifacts/optimizer-state';
import { DlError } from '../errors';
import type * as tf from '../tf';

/** Where a run saved by CheckpointCallback stopped, read back from its `last/` directory. */
export interface ResumePoint {
  /** The first epoch still to train (0-based): the saved epoch + 1. */
  initialEpoch: number;
  /** The saved epochs' history. */
  history: Record<string, number[]>;
  /** The sibling `best/` checkpoint's epoch and monitored value, if it exists for `monitor`. */
  best: { epoch: number; value: number } | null;
  /** The `last/` checkpoint's dl.json. */
  meta: DlMeta;
}

/**
 * Loads `lastDir`'s weights and optimizer state into `model` (compiled, same architecture) and
 * returns where training continues. The best value is carried over so that a resumed run
 * replaces `best/` only when it improves on the epochs before the interruption.
 */
export async function resumeFromCheckpoint(
  model: tf.LayersModel,
  lastDir: string,
  monitor: string,
  options: {
    /** Called with the checkpoint's dl.json before anything is loaded; throw to refuse it. */
    validate?: (meta: DlMeta, initialEpoch: number, dir: string) => void;
  } = {},
): Promise<ResumePoint> {
  if (!existsSync(join(lastDir, 'dl.json'))) {
    throw new DlError(
      'FILE_NOT_FOUND',
      `no checkpoint to resume from: ${lastDir} has no dl.json (was a run with checkpoints started there?)`,
      { path: lastDir },
    );
  }
  const meta = await readDlMeta(lastDir);
  const epoch = Number(meta.extra?.epoch);
  if (!Number.isInteger(epoch) || epoch < 0) {
    throw new DlError('MODEL_INVALID', `checkpoint dl.json has no epoch number`, { path: lastDir });
  }
  options.validate?.(meta, epoch + 1, lastDir);
  const { model: saved } = await loadModelDir(lastDir);
  try {
    if (saved.countParams() !== model.countParams()) {
      throw new DlError(
        'MODEL_INVALID',
        `checkpoint has ${saved.countParams()} parameters; the model has ${model.countParams()}`,
        { path: lastDir },
      );
    }
    model.setWeights(saved.getWeights());
  } finally {
    saved.dispose();
  }
  if (model.optimizer && hasOptimizerState(lastDir)) {
    await loadOptimizerState(model.optimizer, lastDir);
  }
  return {
    initialEpoch: epoch + 1,
    history: (meta.extra?.history as Record<string, number[]>) ?? {},
    best: await readBest(join(dirname(lastDir), 'best'), monitor),
    meta,
  };
}

async function readBest(
  bestDir: string,
  monitor: string,
): Promise<{ epoch: number; value: number } | null> {
  if (!existsSync(join(bestDir, 'dl.json'))) return null;
  const extra = (await readDlMeta(bestDir)).extra ?? {};
  const epoch = Number(extra.epoch);
  const value = Number(extra.value);
  if (extra.monitor !== monitor || !Number.isInteger(epoch) || !Number.isFinite(value)) return null;
  return { epoch, value };
}

/**
 * A `validate` for resumeFromCheckpoint that refuses a checkpoint of another run: its seed,
 * data fingerprint, labels, vocabulary, preprocessing and `extra` settings (all of `current`'s
 * extra keys, or those listed) must equal this run's, except the dotted paths in `except`
 * (e.g. 'config.epochs': training longer is what resuming is for). The error names the field.
 */
export function sameRunCheck(
  current: DlMetaInput,
  options: { extra?: string[]; except?: string[] } = {},
): (saved: DlMeta, initialEpoch: number, dir?: string) => void {
  const except = new Set(options.except ?? []);
  return (saved, _initialEpoch, dir = 'the checkpoint') => {
    const fields: [string, unknown, unknown][] = [
      ['seed', saved.seed, current.seed],
      ['data', saved.dataFingerprint, current.dataFingerprint],
      ['labels', saved.labels, current.labels],
      ['vocabulary', saved.vocabulary, current.vocabulary],
      ['preprocessing', saved.preprocessing, current.preprocessing],
      ...(options.extra ?? Object.keys(current.extra ?? {})).map(
        (k): [string, unknown, unknown] => [k, saved.extra?.[k], current.extra?.[k]],
      ),
    ];
    for (const [name, was, now] of fields) {
      const diff = firstDifference(plain(was), plain(now), name, except);
      if (diff) {
        const show = (v: unknown) => (name === 'vocabulary' ? 'another' : JSON.stringify(v));
        throw new DlError(
          'INVALID_ARGUMENT',
          `cannot resume from ${dir}: its ${diff.path} differs from this run's (checkpoint ${show(diff.was)}, now ${show(diff.now)}); resume with the run's own data and options, or train afresh`,
          { path: dir },
        );
      }
    }
  };
}

/** As JSON would store it (undefined members dropped), so saved and live values compare. */
const plain = (v: unknown): unknown =>
  v === undefined ? undefined : JSON.parse(JSON.stringify(v));

function firstDifference(
  was: unknown,
  now: unknown,
  path: string,
  except: Set<string>,
): { path: string; was: unknown; now: unknown } | null {
  if (except.has(path)) return null;
  const isRecord = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isRecord(was) && isRecord(now)) {
    for (const k of new Set([...Object.keys(was), ...Object.keys(now)])) {
      const d = firstDifference(was[k], now[k], `${path}.${k}`, except);
      if (d) return d;
    }
    return null;
  }
  return JSON.stringify(was) === JSON.stringify(now) ? null : { path, was, now };
}

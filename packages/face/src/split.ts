import { DlError, indicesByClass, type Rng, stratifiedSplit } from '@dl/core';
import type { FaceDataset, FaceSample } from './data';
import type { FaceSplit } from './task';

/** The samples of a run, three ways. Each part holds whole samples: image and label together. */
export interface FaceParts {
  train: FaceSample[];
  validation: FaceSample[];
  test: FaceSample[];
}

export const DEFAULT_FACE_SPLIT: FaceSplit = { mode: 'fraction', test: 0.15 };

/**
 * Splits the samples — never images and labels separately, which was the seed's bug (two
 * independent random splits left labels matched to the wrong faces). Train/test by `split`
 * (stratified, so every person is in both), then a stratified `validation` fraction of the
 * training part for picking the best epoch.
 */
export function splitFaces(
  data: FaceDataset,
  split: FaceSplit,
  validation: number,
  rng: Rng,
): FaceParts {
  const labels = Int32Array.from(data.samples, (s) => s.label);
  const outer =
    split.mode === 'per-person'
      ? perPerson(labels, split.train, rng.fork('test'), data)
      : fraction(labels, split.test ?? 0.15, rng.fork('test'));
  const trainLabels = Int32Array.from(outer.train, (i) => labels[i]);
  const inner =
    validation > 0
      ? stratifiedSplit(trainLabels, { train: 1 - validation, validation }, rng.fork('validation'))
      : { train: Int32Array.from(trainLabels.keys()), validation: new Int32Array(0) };
  const pick = (idx: ArrayLike<number>) => Array.from(idx, (i) => data.samples[i]);
  return {
    train: pick(Array.from(inner.train, (i) => outer.train[i])),
    validation: pick(Array.from(inner.validation, (i) => outer.train[i])),
    test: pick(outer.test),
  };
}

function fraction(labels: Int32Array, test: number, rng: Rng) {
  if (!(test > 0 && test < 1)) {
    throw new DlError('INVALID_ARGUMENT', `split test fraction must be in (0, 1), got ${test}`);
  }
  const s = stratifiedSplit(labels, { train: 1 - test, test }, rng);
  return { train: Array.from(s.train), test: Array.from(s.test ?? []) };
}

/** `train` images of every person, drawn with `rng`, for training; the rest for testing. */
function perPerson(labels: Int32Array, train: number, rng: Rng, data: FaceDataset) {
  if (!Number.isInteger(train) || train < 1) {
    throw new DlError('INVALID_ARGUMENT', `split train must be a positive integer, got ${train}`);
  }
  const out = { train: [] as number[], test: [] as number[] };
  for (const [label, idx] of indicesByClass(labels)) {
    if (idx.length <= train) {
      throw new DlError(
        'DATA_INVALID',
        `${data.people[label]} has ${idx.length} image(s); a per-person split of ${train} needs more, to test on`,
      );
    }
    rng.shuffle(idx);
    out.train.push(...idx.slice(0, train));
    out.test.push(...idx.slice(train));
  }
  out.train.sort((a, b) => a - b);
  out.test.sort((a, b) => a - b);
  return out;
}

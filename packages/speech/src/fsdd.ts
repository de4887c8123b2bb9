import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DL_DATA_JSON, DlError, type Rng, readWav, type WavAudio } from '@dl/core';

/** One recording of the Free Spoken Digit Dataset: `recordings/<digit>_<speaker>_<index>.wav`. */
export interface FsddRecording {
  path: string;
  digit: number;
  speaker: string;
  index: number;
}

const FSDD_NAME = /^(\d)_([A-Za-z0-9-]+)_(\d+)\.wav$/i;

/** Parses an FSDD file name, or null when it is not one. */
export function parseFsddName(name: string): Omit<FsddRecording, 'path'> | null {
  const m = FSDD_NAME.exec(name);
  return m ? { digit: Number(m[1]), speaker: m[2], index: Number(m[3]) } : null;
}

/**
 * Lists an FSDD folder (the `recordings/` directory or any folder of files named like it),
 * sorted by speaker, digit and index. Files with other names are returned in `skipped` — except
 * hidden files and the `dl-data.json` manifest of a folder we synthesised, which belong there; a
 * folder with no FSDD-named WAV at all is an error naming the pattern looked for.
 */
export async function listFsdd(
  dir: string,
): Promise<{ recordings: FsddRecording[]; skipped: string[] }> {
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => e.name);
  } catch (e) {
    throw new DlError('FILE_NOT_FOUND', 'cannot read the FSDD folder', { path: dir, cause: e });
  }
  const recordings: FsddRecording[] = [];
  const skipped: string[] = [];
  for (const name of names.sort()) {
    const parsed = parseFsddName(name);
    if (parsed) recordings.push({ path: join(dir, name), ...parsed });
    else if (!name.startsWith('.') && name !== DL_DATA_JSON) skipped.push(name);
  }
  if (recordings.length === 0) {
    throw new DlError(
      'DATA_INVALID',
      `no FSDD recordings: expected files named <digit>_<speaker>_<index>.wav (e.g. 3_jackson_12.wav)${skipped.length ? `, found ${skipped.slice(0, 3).join(', ')}${skipped.length > 3 ? ', …' : ''}` : ''}`,
      { path: dir },
    );
  }
  recordings.sort(
    (a, b) => a.speaker.localeCompare(b.speaker, 'en') || a.digit - b.digit || a.index - b.index,
  );
  return { recordings, skipped };
}

export interface FsddSplit<T = FsddRecording> {
  train: T[];
  test: T[];
  /** Speakers held out (speaker split only). */
  testSpeakers: string[];
}

/**
 * The dataset's standard split — indices 0–4 of every speaker and digit are test, the rest
 * train — or a speaker-held-out split (`testSpeakers`, or `heldOut` speakers drawn with `rng`),
 * which measures generalisation to unseen voices.
 */
export function splitFsdd<T extends { speaker: string; index: number }>(
  recordings: readonly T[],
  options:
    | { mode?: 'standard' }
    | { mode: 'speaker'; testSpeakers?: string[]; heldOut?: number; rng?: Rng } = {},
): FsddSplit<T> {
  if (options.mode !== 'speaker') {
    return {
      train: recordings.filter((r) => r.index > 4),
      test: recordings.filter((r) => r.index <= 4),
      testSpeakers: [],
    };
  }
  const speakers = [...new Set(recordings.map((r) => r.speaker))].sort();
  let held = options.testSpeakers;
  if (!held) {
    const n = options.heldOut ?? 1;
    if (!options.rng)
      throw new DlError('INVALID_ARGUMENT', 'a speaker split needs testSpeakers or an rng');
    if (n < 1 || n >= speakers.length) {
      throw new DlError('INVALID_ARGUMENT', `cannot hold out ${n} of ${speakers.length} speakers`);
    }
    held = options.rng
      .shuffle([...speakers])
      .slice(0, n)
      .sort();
  }
  const unknown = held.filter((s) => !speakers.includes(s));
  if (unknown.length) {
    throw new DlError(
      'DATA_INVALID',
      `no recordings of speaker(s) ${unknown.join(', ')}; speakers are ${speakers.join(', ')}`,
    );
  }
  const set = new Set(held);
  return {
    train: recordings.filter((r) => !set.has(r.speaker)),
    test: recordings.filter((r) => set.has(r.speaker)),
    testSpeakers: [...held],
  };
}

/**
 * Reads recordings as mono audio at `sampleRate` (FSDD is 8 kHz; others are resampled).
 * @deprecated Use loadSpeechDataset, which also checks every file; removed in the next minor.
 */
export async function readFsddAudio(
  recordings: readonly FsddRecording[],
  options: { sampleRate?: number } = {},
): Promise<WavAudio[]> {
  return Promise.all(
    recordings.map((r) => readWav(r.path, { sampleRate: options.sampleRate ?? 8000 })),
  );
}

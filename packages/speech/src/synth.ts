import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  checkDataOutput,
  DlError,
  decodeWav,
  encodeWav,
  Rng,
  resample,
  writeDataDirAtomic,
} from '@dl/core';

const run = promisify(execFile);

/** The words FSDD speakers read, index = digit. */
export const DIGIT_WORDS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
] as const;

/** espeak-ng's English accents (language voices shipped with Debian's espeak-ng-data). */
export const SYNTH_ACCENTS = [
  'en-us',
  'en-gb',
  'en-gb-scotland',
  'en-gb-x-rp',
  'en-gb-x-gbclan',
  'en-gb-x-gbcwmd',
  'en-029',
  'en-us-nyc',
] as const;

/**
 * espeak-ng voice variants (formant sets: male m1–m7, female f1–f5, and named timbres). An
 * accent + variant is one synthetic "speaker".
 */
export const SYNTH_VARIANTS = [
  'm1',
  'm2',
  'm3',
  'm4',
  'm5',
  'm6',
  'm7',
  'f1',
  'f2',
  'f3',
  'f4',
  'f5',
  'klatt',
  'klatt2',
  'klatt3',
  'adam',
  'anika',
  'belinda',
  'benjamin',
  'boris',
  'david',
  'ed',
  'edward',
  'grandma',
  'grandpa',
  'iven',
  'john',
  'linda',
  'max',
  'michel',
  'norbert',
  'paul',
  'steph',
  'travis',
  'zac',
] as const;

/** One synthetic voice: espeak-ng `-v accent+variant`, named in FSDD style. */
export interface SynthVoice {
  accent: string;
  variant: string;
  /** FSDD speaker name, e.g. `en-us-m3` (no underscores, so file names stay parseable). */
  speaker: string;
}

export function synthVoice(accent: string, variant: string): SynthVoice {
  return { accent, variant, speaker: `${accent}-${variant}`.replace(/[^A-Za-z0-9-]/g, '') };
}

/**
 * `count` distinct voices, spread over accents and variants so that neighbouring voices differ
 * in both (voice i = accent i mod A, variant i mod V, shifted per round so pairs never repeat).
 */
export function synthVoices(count: number, offset = 0): SynthVoice[] {
  const a = SYNTH_ACCENTS.length;
  const v = SYNTH_VARIANTS.length;
  if (!Number.isInteger(count) || count < 1 || offset + count > a * v) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `can make 1…${a * v - offset} synthetic voices, asked for ${count}`,
    );
  }
  const voices: SynthVoice[] = [];
  for (let i = offset; i < offset + count; i++) {
    const round = Math.floor(i / v);
    voices.push(synthVoice(SYNTH_ACCENTS[(i + round) % a], SYNTH_VARIANTS[i % v]));
  }
  return voices;
}

export interface SynthDigitsOptions {
  /** Voices speaking (default: 12 from {@link synthVoices}). */
  voices?: SynthVoice[];
  /** Recordings per voice and digit, each at its own speed, pitch and loudness (default 5). */
  renditions?: number;
  /** Output rate (default 8000, FSDD's). */
  sampleRate?: number;
  seed?: number;
  /** espeak-ng processes run at once (default: the machine's parallelism). */
  concurrency?: number;
}

export interface SynthClip {
  samples: Float32Array;
  sampleRate: number;
  digit: number;
  speaker: string;
  index: number;
  /** What espeak-ng was asked for: words/minute, pitch 0–99, amplitude 0–200. */
  speed: number;
  pitch: number;
  amplitude: number;
}

/** How a rendition varies: espeak-ng's own ranges, centred on its defaults (175 wpm, pitch 50). */
function renditionParams(rng: Rng) {
  return {
    speed: Math.round(rng.uniform(120, 220)),
    pitch: Math.round(rng.uniform(20, 80)),
    amplitude: Math.round(rng.uniform(50, 180)),
  };
}

/**
 * Spoken digits from Debian's espeak-ng: every voice says "zero" … "nine" `renditions` times at
 * seeded random speeds, pitches and loudness, resampled (band-limited) to `sampleRate`. Indices
 * run 0 … renditions−1 per voice and digit, so FSDD's standard split (0–4 test) applies as is.
 */
export async function synthDigits(opts: SynthDigitsOptions = {}): Promise<SynthClip[]> {
  const voices = opts.voices ?? synthVoices(12);
  const renditions = opts.renditions ?? 5;
  const sampleRate = opts.sampleRate ?? 8000;
  const rng = new Rng(opts.seed ?? 1);
  await checkEspeak();
  const jobs: Array<() => Promise<SynthClip>> = [];
  for (const voice of voices) {
    for (let digit = 0; digit < 10; digit++) {
      for (let index = 0; index < renditions; index++) {
        const p = renditionParams(rng);
        jobs.push(async () => ({
          samples: await speak(DIGIT_WORDS[digit], voice, p, sampleRate),
          sampleRate,
          digit,
          speaker: voice.speaker,
          index,
          ...p,
        }));
      }
    }
  }
  return runLimited(jobs, opts.concurrency ?? Math.max(1, availableParallelism()));
}

/** The `task` of the synthetic-data manifest writeSyntheticFsdd writes. */
const SYNTH_DATA_TASK = 'speech-digits';

/**
 * Writes {@link synthDigits} as an FSDD folder (`<digit>_<speaker>_<index>.wav`, 16-bit PCM)
 * plus core's `dl-data.json` manifest. `outDir` must be absent, empty or an earlier synthetic
 * folder (it carries the manifest); anything else is refused before any synthesis, as is an
 * unwritable path. Written into a temporary folder renamed at the end, so an interrupted run
 * leaves no partial set; a failed write is reported as what it is (OUTPUT_NOT_WRITABLE).
 */
export async function writeSyntheticFsdd(
  outDir: string,
  opts: SynthDigitsOptions = {},
): Promise<{ dir: string; files: number; speakers: string[] }> {
  await checkDataOutput(outDir);
  const clips = await synthDigits(opts);
  const speakers = [...new Set(clips.map((c) => c.speaker))];
  const manifest = {
    task: SYNTH_DATA_TASK,
    count: clips.length,
    extra: { speakers, sampleRate: clips[0]?.sampleRate, seed: opts.seed ?? 1 },
  };
  await writeDataDirAtomic(outDir, manifest, async (tmp) => {
    for (const c of clips) {
      await writeFile(
        join(tmp, `${c.digit}_${c.speaker}_${c.index}.wav`),
        encodeWav(c.samples, c.sampleRate),
      );
    }
  });
  return { dir: outDir, files: clips.length, speakers };
}

let espeakChecked: Promise<void> | undefined;

function checkEspeak(): Promise<void> {
  espeakChecked ??= run('espeak-ng', ['--version']).then(
    () => undefined,
    (e) => {
      espeakChecked = undefined;
      throw new DlError(
        'BACKEND_UNAVAILABLE',
        'speech synthesis needs espeak-ng on the PATH (Debian/Ubuntu: apt-get install espeak-ng; macOS: brew install espeak-ng)',
        { cause: e },
      );
    },
  );
  return espeakChecked;
}

async function speak(
  word: string,
  voice: SynthVoice,
  p: { speed: number; pitch: number; amplitude: number },
  sampleRate: number,
): Promise<Float32Array> {
  const args = ['-v', `${voice.accent}+${voice.variant}`, '-s', `${p.speed}`, '-p', `${p.pitch}`];
  args.push('-a', `${p.amplitude}`, '--stdout', word);
  const { stdout } = await run('espeak-ng', args, { encoding: 'buffer', maxBuffer: 1 << 26 });
  const bytes = new Uint8Array(stdout.buffer, stdout.byteOffset, stdout.byteLength);
  const audio = decodeWav(withStreamSizes(bytes), { source: `espeak-ng ${args.join(' ')}` });
  if (audio.samples.length === 0) {
    throw new DlError(
      'DATA_INVALID',
      `espeak-ng produced no audio for "${word}" with voice ${voice.speaker}`,
    );
  }
  return audio.sampleRate === sampleRate
    ? audio.samples
    : resample(audio.samples, audio.sampleRate, sampleRate);
}

/**
 * espeak-ng writes its WAV to a pipe before it knows the length, leaving placeholder sizes in
 * the RIFF and data headers; set them to the bytes actually received.
 */
function withStreamSizes(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length >= 44 && view.getUint32(36, false) === 0x64617461 /* "data" */) {
    view.setUint32(4, bytes.length - 8, true);
    view.setUint32(40, bytes.length - 44, true);
  }
  return bytes;
}

async function runLimited<T>(jobs: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const out = new Array<T>(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      out[i] = await jobs[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return out;
}

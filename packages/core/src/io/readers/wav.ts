import { DlError } from '../../errors';
import { readFileBytes } from './fs';
import { describeBytes } from './image-format';
import { checkAudioLength, MAX_AUDIO_SAMPLES, resample } from './resample';

/** Decoded audio: mono, float, in [-1, 1] for integer PCM. */
export interface WavAudio {
  sampleRate: number;
  /** Channels in the file (the samples are their average). */
  channels: number;
  samples: Float32Array;
}

export interface ReadWavOptions {
  /** Resample to this rate (band-limited, see `resample`); default: the file's rate. */
  sampleRate?: number;
  /**
   * Refuse (LIMIT_EXCEEDED) audio longer than this many samples after resampling, before
   * allocating it; default `MAX_AUDIO_SAMPLES` (2^28).
   */
  maxSamples?: number;
}

/**
 * Sample rates a real recording has: telephone-band 1 kHz … 384 kHz studio converters. Outside
 * this range the header is damaged or hostile (a "2 Hz" file resampled to 16 kHz would become
 * 8000× longer), so it is refused rather than trusted.
 */
export const WAV_SAMPLE_RATE_RANGE = { min: 1_000, max: 384_000 } as const;

/** More channels than any recording setup (64-capsule arrays, 3rd-order ambisonics) uses. */
export const WAV_MAX_CHANNELS = 256;

/**
 * Reads a WAV file: 8-bit unsigned, 16/24/32-bit signed PCM or 32-bit float, plain or
 * WAVE_FORMAT_EXTENSIBLE, any channel count, mixed down to mono by averaging channels.
 */
export async function readWav(path: string, opts: ReadWavOptions = {}): Promise<WavAudio> {
  return decodeWav(await readFileBytes(path), { ...opts, source: path });
}

/** Format tags worth naming in "not supported" messages. */
const FORMAT_NAMES: Record<number, string> = {
  1: 'PCM',
  2: 'Microsoft ADPCM',
  3: 'IEEE float',
  6: 'A-law',
  7: 'µ-law',
  17: 'IMA ADPCM',
  49: 'GSM 6.10',
  85: 'MP3',
  65534: 'extensible',
};

interface WavFormat {
  tag: number;
  channels: number;
  sampleRate: number;
  blockAlign: number;
  bits: number;
}

/**
 * `readWav` for bytes in memory. We walk the RIFF chunks and decode samples ourselves rather
 * than through wavefile: wavefile silently accepts a truncated data chunk, reads
 * WAVE_FORMAT_EXTENSIBLE float as integers, and its errors do not say what was wrong.
 */
export function decodeWav(
  bytes: Uint8Array,
  opts: ReadWavOptions & { source?: string } = {},
): WavAudio {
  const path = opts.source;
  const corrupt = (msg: string) => new DlError('FILE_CORRUPT', msg, { path });
  const unsupported = (msg: string) => new DlError('FILE_UNSUPPORTED', msg, { path });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fourcc = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));

  if (bytes.length === 0) throw corrupt('empty file, expected a WAV (RIFF/WAVE) file');
  if (bytes.length < 12)
    throw corrupt(`${bytes.length} bytes: too short for a WAV header (12 bytes)`);
  const container = fourcc(0);
  if (container === 'RIFX' || container === 'RF64') {
    throw unsupported(
      `${container} WAV files (big-endian or >4 GB) are not supported; convert to a plain RIFF WAV`,
    );
  }
  if (container !== 'RIFF') {
    throw corrupt(`not a WAV file: expected "RIFF" at byte 0, found ${describeBytes(bytes)}`);
  }
  if (fourcc(8) !== 'WAVE')
    throw corrupt(`RIFF file of type "${fourcc(8)}", expected "WAVE" audio`);

  let format: WavFormat | undefined;
  let data: { start: number; size: number } | undefined;
  for (let at = 12; at + 8 <= bytes.length && !data; ) {
    const id = fourcc(at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + size > bytes.length) {
        throw corrupt(
          `"fmt " chunk of ${size} bytes (${bytes.length - body} present), expected at least 16`,
        );
      }
      format = parseFormat(view, body, size);
    } else if (id === 'data') {
      if (!format)
        throw corrupt('"data" chunk before the "fmt " chunk: cannot tell how to decode it');
      const present = bytes.length - body;
      // Streaming writers that cannot seek back leave the size at 0xFFFFFFFF: read to the end.
      const declared = size === 0xffffffff ? present : size;
      if (declared > present) {
        throw corrupt(
          `"data" chunk declares ${declared} bytes of audio, only ${present} present (file truncated?)`,
        );
      }
      data = { start: body, size: declared };
    }
    at = body + size + (size & 1); // chunks are padded to an even length
  }
  if (!format) throw corrupt('no "fmt " chunk: not a valid WAV file');
  if (!data) throw corrupt('no "data" chunk (file truncated?)');

  const { tag, channels, sampleRate, blockAlign, bits } = format;
  const name = FORMAT_NAMES[tag] ?? `format tag 0x${tag.toString(16).padStart(4, '0')}`;
  const isInt = tag === 1 && (bits === 8 || bits === 16 || bits === 24 || bits === 32);
  const isFloat = tag === 3 && bits === 32;
  if (!isInt && !isFloat) {
    throw unsupported(
      `${bits}-bit ${name} audio is not supported; expected 8/16/24/32-bit PCM or 32-bit float (convert with e.g. sox or ffmpeg)`,
    );
  }
  if (channels < 1) throw corrupt('"fmt " chunk says 0 channels');
  if (sampleRate < 1) throw corrupt('"fmt " chunk says sample rate 0');
  checkPlausible(channels, sampleRate, path);
  if (blockAlign !== (channels * bits) / 8) {
    throw corrupt(
      `"fmt " block align is ${blockAlign} bytes, expected ${(channels * bits) / 8} for ${channels} × ${bits}-bit`,
    );
  }

  const frames = Math.floor(data.size / blockAlign); // a partial last frame is dropped
  const rate = opts.sampleRate ?? sampleRate;
  const length = rate === sampleRate ? frames : Math.ceil((frames * rate) / sampleRate);
  const what = `${frames} frames at ${sampleRate} Hz${rate === sampleRate ? '' : ` resampled to ${rate} Hz`}`;
  checkAudioLength(length, what, opts.maxSamples ?? MAX_AUDIO_SAMPLES, path);
  const samples = new Float32Array(frames);
  const read = sampleReader(view, bits, isFloat);
  const bytesPer = bits / 8;
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    const base = data.start + f * blockAlign;
    for (let c = 0; c < channels; c++) sum += read(base + c * bytesPer);
    samples[f] = sum / channels;
  }
  if (isFloat && !samples.every(Number.isFinite))
    throw corrupt('float audio contains NaN or infinite samples');

  if (opts.sampleRate !== undefined && opts.sampleRate !== sampleRate) {
    return {
      sampleRate: opts.sampleRate,
      channels,
      samples: resample(samples, sampleRate, opts.sampleRate, { maxSamples: opts.maxSamples }),
    };
  }
  return { sampleRate, channels, samples };
}

function checkPlausible(channels: number, sampleRate: number, path?: string): void {
  const { min, max } = WAV_SAMPLE_RATE_RANGE;
  if (sampleRate < min || sampleRate > max) {
    throw new DlError(
      'LIMIT_EXCEEDED',
      `"fmt " chunk says sample rate ${sampleRate} Hz, outside the plausible ${min}–${max} Hz ` +
        '(header damaged?)',
      { path },
    );
  }
  if (channels > WAV_MAX_CHANNELS) {
    throw new DlError(
      'LIMIT_EXCEEDED',
      `"fmt " chunk says ${channels} channels, more than the limit of ${WAV_MAX_CHANNELS} (header damaged?)`,
      { path },
    );
  }
}

/** fmt fields; for WAVE_FORMAT_EXTENSIBLE the real format is the first 2 bytes of the sub-format GUID. */
function parseFormat(view: DataView, at: number, size: number): WavFormat {
  let tag = view.getUint16(at, true);
  if (tag === 0xfffe && size >= 40) tag = view.getUint16(at + 24, true);
  return {
    tag,
    channels: view.getUint16(at + 2, true),
    sampleRate: view.getUint32(at + 4, true),
    blockAlign: view.getUint16(at + 12, true),
    bits: view.getUint16(at + 14, true),
  };
}

/** Reads one sample at a byte offset, scaled to [-1, 1) for integers (full scale = 2^(bits−1)). */
function sampleReader(view: DataView, bits: number, isFloat: boolean): (at: number) => number {
  if (isFloat) return (at) => view.getFloat32(at, true);
  switch (bits) {
    case 8:
      return (at) => (view.getUint8(at) - 128) / 128; // 8-bit WAV is unsigned, centred on 128
    case 16:
      return (at) => view.getInt16(at, true) / 32768;
    case 24:
      return (at) => (((view.getUint8(at + 2) << 24) >> 8) | view.getUint16(at, true)) / 8388608;
    default:
      return (at) => view.getInt32(at, true) / 2147483648;
  }
}

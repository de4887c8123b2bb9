import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeWav, readWav } from '../src/io/readers';
import { dlError } from './fixtures-gen/expect';
import { useTempDir } from './fixtures-gen/tmp';
import {
  encodeAdpcmWav,
  encodeExtensibleFloatWav,
  encodeWav,
  type WavDepth,
} from './fixtures-gen/wav';

const dir = useTempDir('wav');
const write = (name: string, bytes: Uint8Array | string): string => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};

const ramp = [0, 0.5, -0.5, 0.25, -1, 0.99];

describe('readWav', () => {
  it.each([
    ['8', 1 / 128],
    ['16', 1 / 32768],
    ['24', 1 / 8388608],
    ['32', 1 / 2147483648],
    ['32f', 1e-7],
  ] as const)(
    '%s-bit mono decodes to [-1, 1] floats (within one step)',
    async (depth: WavDepth, step) => {
      const path = write(`ramp-${depth}.wav`, encodeWav(depth, 8000, [ramp]));
      const audio = await readWav(path);
      expect(audio).toMatchObject({ sampleRate: 8000, channels: 1 });
      expect(audio.samples).toBeInstanceOf(Float32Array);
      expect(audio.samples.length).toBe(ramp.length);
      for (const [i, v] of ramp.entries()) {
        expect(Math.abs(audio.samples[i] - v)).toBeLessThanOrEqual(step / 2 + 1e-7);
      }
    },
  );

  it('8-bit is unsigned around 128 (128 → 0, 0 → −1)', () => {
    const audio = decodeWav(encodeWav('8', 8000, [[0, -1, 1]]));
    expect([...audio.samples]).toEqual([0, -1, 127 / 128]);
  });

  it('mixes stereo down to the average of the channels', () => {
    const left = [1, 0.5, -0.5, 0];
    const right = [0, 0.5, 0.5, -1];
    const audio = decodeWav(encodeWav('32f', 16000, [left, right]));
    expect(audio).toMatchObject({ sampleRate: 16000, channels: 2 });
    expect([...audio.samples]).toEqual([0.5, 0.5, 0, -0.5]);
  });

  it('reads WAVE_FORMAT_EXTENSIBLE float as float', () => {
    const audio = decodeWav(encodeExtensibleFloatWav(22050, [0.25, -0.75]));
    expect([...audio.samples]).toEqual([0.25, -0.75]);
  });

  it('resamples when asked', () => {
    const tone = Array.from(
      { length: 16000 },
      (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / 16000),
    );
    const audio = decodeWav(encodeWav('16', 16000, [tone]), { sampleRate: 8000 });
    expect(audio.sampleRate).toBe(8000);
    expect(audio.samples.length).toBe(8000);
  });

  it('skips unknown chunks and drops a partial last frame', () => {
    const base = encodeWav('16', 8000, [[0.5, -0.5]]);
    // Insert a LIST chunk of odd length (padded) between fmt and data, and a stray byte at the end.
    const list = new Uint8Array([...Buffer.from('LIST'), 3, 0, 0, 0, 1, 2, 3, 0]);
    const fmtEnd = 12 + 8 + 16;
    const bytes = new Uint8Array([...base.subarray(0, fmtEnd), ...list, ...base.subarray(fmtEnd)]);
    const view = new DataView(bytes.buffer);
    const dataAt = fmtEnd + list.length;
    view.setUint32(dataAt + 4, 5, true); // 2 frames + 1 byte
    const audio = decodeWav(new Uint8Array([...bytes, 0]));
    expect([...audio.samples]).toEqual([0.5, -0.5]);
  });
});

describe('readWav errors', () => {
  const expectWavError = async (
    name: string,
    bytes: Uint8Array | string,
    code: string,
    message: RegExp,
  ) => {
    const path = write(name, bytes);
    const e = await dlError(readWav(path));
    expect(e.code).toBe(code);
    expect(e.path).toBe(path);
    expect(e.message).toContain(path);
    expect(e.message).toMatch(message);
  };

  it('empty file', () => expectWavError('empty.wav', '', 'FILE_CORRUPT', /empty file/));

  it('too short for a header', () =>
    expectWavError('short.wav', 'RIFF', 'FILE_CORRUPT', /4 bytes: too short/));

  it('not a RIFF file', () =>
    expectWavError(
      'text.wav',
      'ID3\x03 this is an mp3',
      'FILE_CORRUPT',
      /not a WAV file: expected "RIFF" at byte 0, found 49 44 33/,
    ));

  it('a RIFF file that is not WAVE', () =>
    expectWavError(
      'pic.wav',
      'RIFF\x10\x00\x00\x00WEBPVP8 xxxx',
      'FILE_CORRUPT',
      /type "WEBP", expected "WAVE"/,
    ));

  it('truncated data chunk says how many bytes were declared and found', async () => {
    const full = encodeWav('16', 8000, [Array(100).fill(0.1)]);
    await expectWavError(
      'cut.wav',
      full.subarray(0, full.length - 51),
      'FILE_CORRUPT',
      /declares 200 bytes of audio, only 149 present/,
    );
  });

  it('no data chunk', async () => {
    const full = encodeWav('16', 8000, [[0.1]]);
    await expectWavError('nodata.wav', full.subarray(0, 36), 'FILE_CORRUPT', /no "data" chunk/);
    await expectWavError('nofmt.wav', full.subarray(0, 12), 'FILE_CORRUPT', /no "fmt " chunk/);
  });

  it('inconsistent fmt chunk', async () => {
    const bytes = encodeWav('16', 8000, [[0.1, 0.2]]);
    new DataView(bytes.buffer, bytes.byteOffset).setUint16(32, 3, true); // block align
    await expectWavError('align.wav', bytes, 'FILE_CORRUPT', /block align is 3 bytes, expected 2/);
  });

  it('ADPCM is FILE_UNSUPPORTED, naming the format', () =>
    expectWavError(
      'adpcm.wav',
      encodeAdpcmWav(),
      'FILE_UNSUPPORTED',
      /IMA ADPCM audio is not supported/,
    ));

  it('64-bit float is FILE_UNSUPPORTED', () =>
    expectWavError(
      'f64.wav',
      encodeWav('64', 8000, [[0.5]]),
      'FILE_UNSUPPORTED',
      /64-bit IEEE float audio is not supported/,
    ));

  it('RIFX is FILE_UNSUPPORTED', () =>
    expectWavError(
      'rifx.wav',
      'RIFX\x00\x00\x00\x10WAVEfmt ',
      'FILE_UNSUPPORTED',
      /RIFX WAV files/,
    ));

  it('NaN float samples are FILE_CORRUPT', () =>
    expectWavError(
      'nan.wav',
      encodeExtensibleFloatWav(8000, [0, Number.NaN]),
      'FILE_CORRUPT',
      /NaN/,
    ));

  it('a missing file is FILE_NOT_FOUND', async () => {
    const missing = join(dir, 'nope.wav');
    expect(await dlError(readWav(missing))).toMatchObject({
      code: 'FILE_NOT_FOUND',
      path: missing,
    });
  });
});

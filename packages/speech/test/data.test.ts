import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DlErrorCode, encodeWav, isDlError } from '@dl/core';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSpeechDataset } from '../src/data';
import { synthDigits, synthVoices, writeSyntheticFsdd } from '../src/synth';

const root = mkdtempSync(join(tmpdir(), 'dl-speech-data-'));
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const tone = (n: number, rate: number) =>
  Float32Array.from({ length: n }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / rate));

/** A folder with one good recording plus `bad` written under an FSDD name. */
function folderWith(name: string, bad: Uint8Array): { dir: string; file: string } {
  const dir = join(root, name);
  mkdirSync(dir);
  writeFileSync(join(dir, '1_alice_0.wav'), encodeWav(tone(4000, 8000), 8000));
  const file = join(dir, '2_alice_0.wav');
  writeFileSync(file, bad);
  return { dir, file };
}

async function expectLoadError(dir: string, code: DlErrorCode, file: string, pattern: RegExp) {
  try {
    await loadSpeechDataset(dir);
  } catch (e) {
    expect(isDlError(e, code), String(e)).toBe(true);
    expect((e as Error).message).toContain(file);
    expect((e as Error).message).toMatch(pattern);
    return;
  }
  throw new Error('expected a DlError');
}

/** A WAV header with any format tag and bit depth, `dataBytes` of zeros. */
function header(tag: number, bits: number, dataBytes: number, channels = 1, rate = 8000) {
  const b = Buffer.alloc(44 + dataBytes);
  b.write('RIFF', 0);
  b.writeUInt32LE(36 + dataBytes, 4);
  b.write('WAVEfmt ', 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(tag, 20);
  b.writeUInt16LE(channels, 22);
  b.writeUInt32LE(rate, 24);
  b.writeUInt32LE((rate * channels * bits) / 8, 28);
  b.writeUInt16LE((channels * bits) / 8, 32);
  b.writeUInt16LE(bits, 34);
  b.write('data', 36);
  b.writeUInt32LE(dataBytes, 40);
  return b;
}

describe('loadSpeechDataset: bad input', () => {
  it('names a corrupt WAV', async () => {
    const { dir, file } = folderWith('corrupt', Buffer.from('this is not audio at all, sorry'));
    await expectLoadError(dir, 'FILE_CORRUPT', file, /not a WAV file: expected "RIFF"/);
  });

  it('names an empty file', async () => {
    const { dir, file } = folderWith('empty', new Uint8Array(0));
    await expectLoadError(dir, 'FILE_CORRUPT', file, /empty file/);
  });

  it('names a truncated file', async () => {
    const good = encodeWav(tone(4000, 8000), 8000);
    const { dir, file } = folderWith('truncated', good.subarray(0, 2000));
    await expectLoadError(
      dir,
      'FILE_CORRUPT',
      file,
      /declares 8000 bytes of audio, only 1956 present/,
    );
  });

  it('names a wrong sample format', async () => {
    const adpcm = folderWith('adpcm', header(2, 4, 100));
    await expectLoadError(
      adpcm.dir,
      'FILE_UNSUPPORTED',
      adpcm.file,
      /Microsoft ADPCM.*not supported/,
    );
    const twelve = folderWith('12bit', header(1, 12, 100));
    await expectLoadError(twelve.dir, 'FILE_UNSUPPORTED', twelve.file, /12-bit PCM/);
  });

  it('names a WAV with no samples', async () => {
    const { dir, file } = folderWith('silent', header(1, 16, 0));
    await expectLoadError(dir, 'DATA_INVALID', file, /no audio samples/);
  });

  it('says what it looked for in a folder with no matching files', async () => {
    const dir = join(root, 'nomatch');
    mkdirSync(dir);
    writeFileSync(join(dir, 'hello.wav'), encodeWav(tone(100, 8000), 8000));
    writeFileSync(join(dir, 'notes.txt'), 'x');
    await expectLoadError(
      dir,
      'DATA_INVALID',
      dir,
      /expected files named <digit>_<speaker>_<index>\.wav.*found hello\.wav, notes\.txt/,
    );
    await expectLoadError(
      join(root, 'missing'),
      'FILE_NOT_FOUND',
      join(root, 'missing'),
      /cannot read/,
    );
  });
});

describe('loadSpeechDataset: formats', () => {
  it('reads any rate and channel count as mono 8 kHz', async () => {
    const dir = join(root, 'formats');
    mkdirSync(dir);
    // stereo 44.1 kHz 16-bit: left a tone, right silence → mono is half the tone
    const n = 44100 / 2;
    const b = header(1, 16, n * 4, 2, 44100);
    const left = tone(n, 44100);
    for (let i = 0; i < n; i++) b.writeInt16LE(Math.round(left[i] * 32767), 44 + 4 * i);
    writeFileSync(join(dir, '4_bob_7.wav'), b);
    writeFileSync(join(dir, '4_bob_2.wav'), encodeWav(tone(4000, 8000), 8000));
    writeFileSync(join(dir, 'README'), 'skipped');
    const data = await loadSpeechDataset(dir);
    expect(data.clips.map((c) => [c.label, c.speaker, c.index, c.sampleRate])).toEqual([
      [4, 'bob', 2, 8000],
      [4, 'bob', 7, 8000],
    ]);
    expect(data.clips[1].samples.length).toBe(4000); // 0.5 s at 8 kHz
    const peak = Math.max(...data.clips[1].samples.subarray(500, 3500));
    expect(peak).toBeCloseTo(0.25, 2);
    expect(data.skipped).toEqual(['README']);
    expect(data.labels).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });
});

describe('espeak-ng synthesis', () => {
  it('speaks every digit in every voice, seeded, at 8 kHz', async () => {
    const voices = synthVoices(2);
    expect(voices.map((v) => v.speaker)).toEqual(['en-us-m1', 'en-gb-m2']);
    const a = await synthDigits({ voices, renditions: 1, seed: 4 });
    const b = await synthDigits({ voices: voices.slice(0, 1), renditions: 1, seed: 4 });
    expect(a).toHaveLength(20);
    expect(a.map((c) => c.digit)).toEqual([...Array(10).keys(), ...Array(10).keys()]);
    for (const c of a) {
      expect(c.sampleRate).toBe(8000);
      const seconds = c.samples.length / 8000;
      expect(seconds).toBeGreaterThan(0.2);
      expect(seconds).toBeLessThan(2);
    }
    // same seed → the same speeds, pitches and audio
    expect(b[3].speed).toBe(a[3].speed);
    expect(b[3].samples).toEqual(a[3].samples);
    expect(new Set(a.map((c) => c.speed)).size).toBeGreaterThan(10);
  });

  it('writes an FSDD folder that loadSpeechDataset reads back, atomically', async () => {
    const out = join(root, 'synth');
    const written = await writeSyntheticFsdd(out, { voices: synthVoices(1), renditions: 2 });
    expect(written.files).toBe(20);
    const data = await loadSpeechDataset(out);
    expect(data.clips).toHaveLength(20);
    expect(data.clips.filter((c) => c.index === 1).map((c) => c.label)).toEqual([
      ...Array(10).keys(),
    ]);
    // Our own folder (it carries dl-data.json) may be refilled; a folder of user files may not.
    const theirs = join(root, 'theirs');
    mkdirSync(theirs);
    writeFileSync(join(theirs, 'notes.txt'), 'mine');
    await expect(
      writeSyntheticFsdd(theirs, { voices: synthVoices(1), renditions: 1 }),
    ).rejects.toThrow(/exists/);
    expect(() => synthVoices(0)).toThrow(/synthetic voices/);
  });
});

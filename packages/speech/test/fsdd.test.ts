import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDlError, Rng } from '@dl/core';
import { afterAll, describe, expect, it } from 'vitest';
import { listFsdd, parseFsddName, readFsddAudio, splitFsdd } from '../src/fsdd';

const root = mkdtempSync(join(tmpdir(), 'dl-fsdd-'));
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A mono 16-bit PCM WAV of `n` samples of a 440 Hz tone at `rate` (FSDD's format). */
function wav(n: number, rate = 8000): Uint8Array {
  const b = Buffer.alloc(44 + 2 * n);
  b.write('RIFF', 0);
  b.writeUInt32LE(36 + 2 * n, 4);
  b.write('WAVEfmt ', 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(rate, 24);
  b.writeUInt32LE(rate * 2, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36);
  b.writeUInt32LE(2 * n, 40);
  for (let i = 0; i < n; i++)
    b.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), 44 + 2 * i);
  return b;
}

function fsddFolder(name: string, speakers: string[], indices: number[]): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const s of speakers)
    for (const d of [0, 7])
      for (const i of indices) writeFileSync(join(dir, `${d}_${s}_${i}.wav`), wav(400));
  writeFileSync(join(dir, 'README.md'), 'not a recording');
  return dir;
}

describe('FSDD', () => {
  it('parses file names', () => {
    expect(parseFsddName('3_jackson_12.wav')).toEqual({ digit: 3, speaker: 'jackson', index: 12 });
    expect(parseFsddName('3_jackson.wav')).toBeNull();
    expect(parseFsddName('x_jackson_1.wav')).toBeNull();
  });

  it('lists recordings and splits them the standard way (indices 0–4 are test)', async () => {
    const dir = fsddFolder('std', ['george', 'lucas'], [0, 4, 5, 9]);
    const { recordings, skipped } = await listFsdd(dir);
    expect(recordings).toHaveLength(16);
    expect(skipped).toEqual(['README.md']);
    const s = splitFsdd(recordings);
    expect(s.test.every((r) => r.index <= 4)).toBe(true);
    expect(s.train.every((r) => r.index >= 5)).toBe(true);
    expect(s.test).toHaveLength(8);
    const audio = await readFsddAudio(s.test.slice(0, 1), { sampleRate: 16000 });
    expect(audio[0].sampleRate).toBe(16000);
    expect(audio[0].samples.length).toBe(800);
  });

  it('holds out whole speakers, given or drawn', async () => {
    const dir = fsddFolder('spk', ['george', 'lucas', 'theo'], [0, 6]);
    const { recordings } = await listFsdd(dir);
    const given = splitFsdd(recordings, { mode: 'speaker', testSpeakers: ['theo'] });
    expect(new Set(given.test.map((r) => r.speaker))).toEqual(new Set(['theo']));
    expect(given.train.some((r) => r.speaker === 'theo')).toBe(false);
    const drawn = splitFsdd(recordings, { mode: 'speaker', heldOut: 2, rng: new Rng(1) });
    expect(drawn.testSpeakers).toHaveLength(2);
    expect(drawn.train.length + drawn.test.length).toBe(recordings.length);
    expect(() => splitFsdd(recordings, { mode: 'speaker', testSpeakers: ['nobody'] })).toThrow(
      /no recordings of speaker\(s\) nobody; speakers are george, lucas, theo/,
    );
    expect(() => splitFsdd(recordings, { mode: 'speaker', heldOut: 3, rng: new Rng(1) })).toThrow(
      /cannot hold out 3 of 3/,
    );
  });

  it('rejects a folder with no matching files, a missing folder and a corrupt WAV', async () => {
    const empty = join(root, 'none');
    mkdirSync(empty);
    writeFileSync(join(empty, 'a.wav'), wav(10));
    await expect(listFsdd(empty)).rejects.toThrow(
      /no FSDD recordings: expected files named <digit>_<speaker>_<index>\.wav .*found a\.wav/,
    );
    const missing = await listFsdd(join(root, 'nope')).catch((e) => e);
    expect(isDlError(missing, 'FILE_NOT_FOUND')).toBe(true);
    const bad = join(root, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, '1_x_0.wav'), 'RIFF....junk');
    const { recordings } = await listFsdd(bad);
    const err = await readFsddAudio(recordings).catch((e) => e);
    expect(isDlError(err)).toBe(true);
    expect(err.message).toMatch(/1_x_0\.wav/);
  });
});

import { dataFingerprint } from '@dl/core';
import type { SpeechClip, SpeechDataset } from '../../src/data';

/** Three "words" (tones) by three speakers (pitch offsets), four takes each: tiny and in memory. */
export function tones(): SpeechDataset {
  const rate = 8000;
  const clips: SpeechClip[] = [];
  for (const [s, speaker] of ['a', 'b', 'c'].entries()) {
    for (let label = 0; label < 3; label++) {
      for (let index = 0; index < 4; index++) {
        const hz = 300 + 250 * label + 20 * s + 5 * index;
        const samples = Float32Array.from(
          { length: rate / 2 },
          (_, i) => 0.5 * Math.sin((2 * Math.PI * hz * i) / rate),
        );
        clips.push({ samples, sampleRate: rate, label, speaker, index });
      }
    }
  }
  return {
    clips,
    labels: ['low', 'mid', 'high'],
    sampleRate: rate,
    fingerprint: dataFingerprint(['tones:3x3x4']),
    skipped: [],
    synthetic: false,
  };
}

import wavefile from 'wavefile';

export type WavDepth = '8' | '16' | '24' | '32' | '32f' | '64';

/**
 * Encodes float channels (values in [-1, 1]) with wavefile, quantised the way each depth
 * stores them (8-bit unsigned around 128, integers full scale 2^(bits−1)), so the reader is
 * checked against an independent writer.
 */
export function encodeWav(
  depth: WavDepth,
  sampleRate: number,
  channels: readonly (readonly number[])[],
): Uint8Array {
  const quantise = (v: number): number => {
    if (depth === '32f' || depth === '64') return v;
    if (depth === '8') return Math.max(0, Math.min(255, Math.round(v * 128 + 128)));
    const full = 2 ** (Number(depth) - 1);
    return Math.max(-full, Math.min(full - 1, Math.round(v * full)));
  };
  const wav = new wavefile.WaveFile();
  const data = channels.map((c) => c.map(quantise));
  wav.fromScratch(channels.length, sampleRate, depth, channels.length === 1 ? data[0] : data);
  return wav.toBuffer();
}

/** An IMA-ADPCM WAV (format tag 0x11), for the unsupported-format path. */
export function encodeAdpcmWav(): Uint8Array {
  const wav = new wavefile.WaveFile();
  wav.fromScratch(
    1,
    8000,
    '16',
    Array.from({ length: 2048 }, (_, i) => Math.round(8000 * Math.sin(i / 5))),
  );
  wav.toIMAADPCM();
  return wav.toBuffer();
}

/** A WAVE_FORMAT_EXTENSIBLE 32-bit float mono file, written by hand (wavefile cannot). */
export function encodeExtensibleFloatWav(
  sampleRate: number,
  samples: readonly number[],
): Uint8Array {
  const dataBytes = samples.length * 4;
  const buf = new ArrayBuffer(12 + 8 + 40 + 8 + dataBytes);
  const v = new DataView(buf);
  const ascii = (at: number, s: string) => {
    for (let i = 0; i < s.length; i++) v.setUint8(at + i, s.charCodeAt(i));
  };
  ascii(0, 'RIFF');
  v.setUint32(4, buf.byteLength - 8, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  v.setUint32(16, 40, true);
  v.setUint16(20, 0xfffe, true); // WAVE_FORMAT_EXTENSIBLE
  v.setUint16(22, 1, true); // channels
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * 4, true);
  v.setUint16(32, 4, true); // block align
  v.setUint16(34, 32, true); // bits
  v.setUint16(36, 22, true); // cbSize
  v.setUint16(38, 32, true); // valid bits
  v.setUint32(40, 4, true); // channel mask: front centre
  v.setUint16(44, 3, true); // sub-format GUID starts with the format tag: IEEE float
  ascii(60, 'data');
  v.setUint32(64, dataBytes, true);
  for (const [i, s] of samples.entries()) v.setFloat32(68 + 4 * i, s, true);
  return new Uint8Array(buf);
}

import { deflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { DlError } from '../src/errors';
import { DEFAULT_MAX_IMAGE_PIXELS, decodeImage, decodeWav } from '../src/io/readers';
import { Rng } from '../src/random';
import { craftPng, fixPngCrcs, jpegSofOffset, riffChunk } from './fixtures-gen/hostile';
import { encodeImage, encodePnm } from './fixtures-gen/images';
import {
  chunkSpans,
  duplicateChunk,
  flipBits,
  insertGarbage,
  type Mutant,
  overwriteField,
  overwritePnmSize,
  overwriteSize,
  type SizeFields,
  truncate,
} from './fixtures-gen/mutate';
import { encodeAdpcmWav, encodeExtensibleFloatWav, encodeWav } from './fixtures-gen/wav';

/**
 * Fuzzing the readers with the fixtures the reader tests use: every damaged file must either
 * decode (to a consistent image or audio) or fail with a DlError naming the file, and each
 * within TIME_BOUND_MS. The seed is fixed, so a failure reproduces; the case's name says which
 * base file and which mutation.
 */
const SEED = 13;
/**
 * Every input here is under 100 KB and decodes in milliseconds; a case that trusts a header
 * (allocating gigabytes, or resampling millions of samples) takes tens of seconds. 5 s is far
 * from both, and leaves room for the shared 2-core machine the tests run on.
 */
const TIME_BOUND_MS = 5000;

/**
 * ArrayBuffer growth allowed per case. A mutant within the pixel cap may legitimately decode
 * big (a GIF's logical screen needs no data behind it): its RGBA bitmap plus our copy, about
 * 8 bytes a pixel. Trusting a header beyond the cap costs gigabytes.
 */
const MEMORY_BOUND = 12 * DEFAULT_MAX_IMAGE_PIXELS;

type Kind = 'image' | 'wav';
interface Base {
  name: string;
  kind: Kind;
  bytes: Uint8Array;
  /** Offsets of header fields worth overwriting (sizes, rates, lengths). */
  fields: number[];
  /** Chunk spans for duplication (empty: random slices). */
  spans: [number, number][];
  /** Where an image stores its width and height (PGM/PPM: as 'text'); none for audio. */
  sizes?: SizeFields[] | 'text';
}

type Pixel = [number, number, number, number];
const pattern = (x: number, y: number): Pixel => [x * 20, y * 25, 255 - x * 10, 128 + y * 10];
const fewColours = (x: number, y: number): Pixel =>
  [[255, 0, 0, 255] as Pixel, [0, 128, 255, 255] as Pixel][(x + y) % 2];

async function corpus(): Promise<Base[]> {
  const image = (
    name: string,
    bytes: Uint8Array,
    sizes: Base['sizes'],
    fields: number[],
    spans: [number, number][] = [],
  ): Base => ({ name, kind: 'image', bytes, sizes, fields, spans });
  const be = (width: number, height: number, bytes: 2 | 4) => ({
    width,
    height,
    bytes,
    little: false,
  });
  const le = (width: number, height: number, bytes: 2 | 4) => ({
    width,
    height,
    bytes,
    little: true,
  });
  const png = async (colorType: 0 | 2 | 6) => {
    const bytes = await encodeImage('image/png', 12, 9, pattern, colorType);
    const fields = [8, 16, 20, 24, 25, 28, 33];
    return image(`png-ct${colorType}`, bytes, [be(16, 20, 4)], fields, chunkSpans(bytes, 'png'));
  };
  const jpeg = await encodeImage('image/jpeg', 16, 12, pattern);
  const sof = jpegSofOffset(jpeg);
  const gif = await encodeImage('image/gif', 10, 7, fewColours);
  const frame = gif.indexOf(0x2c, 13);
  const bmp = await encodeImage('image/bmp', 7, 5, pattern);
  const crafted = craftPng(20, 10, deflateSync(new Uint8Array(10 * 61).fill(3)));
  const pnm = (variant: 'P2' | 'P3' | 'P5' | 'P6', maxval: number) => {
    const channels = variant === 'P3' || variant === 'P6' ? 3 : 1;
    const samples = Array.from({ length: 5 * 4 * channels }, (_, i) => (i * 37) % (maxval + 1));
    const bytes = encodePnm({ variant, width: 5, height: 4, maxval, samples });
    return image(`pnm-${variant}-${maxval}`, bytes, 'text', [3, 4, 5, 6, 7, 8, 9]);
  };
  const wav = (name: string, bytes: Uint8Array): Base => {
    const fmt = riffChunk(bytes, 'fmt ');
    const data = riffChunk(bytes, 'data');
    const fields = [4, fmt + 4, fmt + 8, fmt + 10, fmt + 12, fmt + 20, fmt + 22, data + 4];
    return { name, kind: 'wav', bytes, fields, spans: chunkSpans(bytes, 'riff') };
  };
  const tone = (n: number) => Array.from({ length: n }, (_, i) => 0.8 * Math.sin(i / 4));
  return [
    await png(0),
    await png(2),
    await png(6),
    image(
      'png-crafted',
      crafted,
      [be(16, 20, 4)],
      [16, 20, 24, 25, 33],
      chunkSpans(crafted, 'png'),
    ),
    image(
      'jpeg',
      jpeg,
      [be(sof + 7, sof + 5, 2)],
      [sof + 2, sof + 4, sof + 5, sof + 7, sof + 9, 2, 4],
    ),
    image('gif', gif, [le(6, 8, 2), le(frame + 5, frame + 7, 2)], [6, 8, 10, frame + 1, frame + 9]),
    image('bmp', bmp, [le(18, 22, 4)], [2, 10, 14, 18, 22, 26, 28, 30, 34]),
    pnm('P2', 255),
    pnm('P3', 15),
    pnm('P5', 255),
    pnm('P5', 1023),
    pnm('P6', 65535),
    wav('wav-8', encodeWav('8', 8000, [tone(300)])),
    wav('wav-16', encodeWav('16', 8000, [tone(400)])),
    wav('wav-16-stereo', encodeWav('16', 16000, [tone(200), tone(200).map((v) => -v)])),
    wav('wav-24', encodeWav('24', 22050, [tone(300)])),
    wav('wav-32f', encodeWav('32f', 44100, [tone(300)])),
    wav('wav-extensible-float', encodeExtensibleFloatWav(8000, tone(250))),
    wav('wav-adpcm', encodeAdpcmWav()),
  ];
}

/** Any offset in the first 48 bytes, where every format here keeps its header. */
const HEADER_BYTES = Array.from({ length: 48 }, (_, i) => i);

/** The mutations of one base file: random damage everywhere, targeted damage at its headers. */
function mutants(base: Base, rng: Rng): Mutant[] {
  const { bytes, fields, spans } = base;
  const n = (count: number, make: () => Mutant) => Array.from({ length: count }, make);
  // PNG checksums would catch most header damage first; a hostile file has valid ones.
  const withCrcs = (m: Mutant): Mutant =>
    base.name.startsWith('png') ? { what: `${m.what}, CRCs fixed`, bytes: fixPngCrcs(m.bytes) } : m;
  return [
    ...n(3, () => flipBits(bytes, rng)),
    ...n(3, () => withCrcs(flipBits(bytes, rng, 64))),
    ...n(3, () => truncate(bytes, rng)),
    ...n(5, () => withCrcs(overwriteField(bytes, rng, fields))),
    ...n(2, () => overwriteField(bytes, rng, HEADER_BYTES)),
    ...n(2, () => duplicateChunk(bytes, rng, spans)),
    insertGarbage(bytes, rng),
    ...n(2, () => withCrcs(bigSize(base, rng))),
  ];
}

/** Width and height set together to large values (audio: its rate and data size instead). */
function bigSize(base: Base, rng: Rng): Mutant {
  const { sizes, bytes, fields } = base;
  if (sizes === 'text') return overwritePnmSize(bytes, rng);
  if (!sizes) return overwriteField(bytes, rng, fields);
  return overwriteSize(bytes, rng, sizes[rng.int(sizes.length)]);
}

type Outcome = 'parsed' | 'DlError';

/** Decodes one mutant; resolves to its outcome, or rejects with why it is a fuzz failure. */
async function decode(kind: Kind, bytes: Uint8Array, source: string): Promise<Outcome> {
  try {
    if (kind === 'image') {
      const im = await decodeImage(bytes, { source });
      if (im.data.length !== im.width * im.height * im.channels)
        throw new Error('inconsistent image');
    } else {
      // Resampling too: a header's rate decides how much work that is.
      const audio = decodeWav(bytes, { source, sampleRate: 16000 });
      if (!(audio.samples instanceof Float32Array)) throw new Error('samples are not floats');
    }
    return 'parsed';
  } catch (e) {
    if (!(e instanceof DlError)) throw e;
    if (!e.message.includes(source))
      throw new Error(`DlError does not name the file: ${e.message}`);
    return 'DlError';
  }
}

describe('fuzz: mutated fixtures parse or fail with a DlError, quickly', () => {
  let bases: Base[] = [];
  beforeAll(async () => {
    bases = await corpus();
    await decodeImage(bases[0].bytes); // import jimp's codecs before anything is timed
  });

  it(`about 400 mutants of 19 fixtures (seed ${SEED})`, async () => {
    const rng = new Rng(SEED);
    const failures: string[] = [];
    const counts: Record<Outcome, number> = { parsed: 0, DlError: 0 };
    let cases = 0;
    // omggif prints "gif stream shorter than expected" for truncated GIFs; keep the log clean.
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      for (const base of bases) {
        for (const [i, mutant] of mutants(base, rng).entries()) {
          const source = `${base.name}#${i}`;
          cases++;
          const started = performance.now();
          const buffersBefore = process.memoryUsage().arrayBuffers;
          try {
            counts[await decode(base.kind, mutant.bytes, source)]++;
          } catch (e) {
            failures.push(`${source} (${mutant.what}): ${e instanceof Error ? e.stack : e}`);
          }
          const ms = performance.now() - started;
          if (ms > TIME_BOUND_MS)
            failures.push(`${source} (${mutant.what}): took ${ms.toFixed(0)} ms`);
          // A trusted header shows here as a giant buffer, even while its pages are untouched.
          const grown = process.memoryUsage().arrayBuffers - buffersBefore;
          if (grown > MEMORY_BOUND)
            failures.push(`${source} (${mutant.what}): +${(grown / 2 ** 20).toFixed(0)} MB`);
        }
      }
    } finally {
      log.mockRestore();
    }
    expect(failures).toEqual([]);
    expect(bases.length).toBe(19);
    expect(cases).toBeGreaterThanOrEqual(300);
    expect(counts.parsed + counts.DlError).toBe(cases);
    // Both outcomes occur: the mutations neither all miss nor all destroy the files.
    expect(counts.DlError).toBeGreaterThan(100);
    expect(counts.parsed).toBeGreaterThan(20);
  }, 120_000);
});

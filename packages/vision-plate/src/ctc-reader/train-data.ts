import { DlError, type Rng } from '@dl/core';
import { fontGlyphSet, loadCharacterCrops, type PlateGlyphSet } from '../synth/plate-glyphs';
import { synthPlateCrop, synthPlateCrops } from '../synth/realistic-plate';
import { alignmentFrames, inputFrames } from './alignment';
import { jitterCrop } from './augment';
import { loadPlateReaderDataset, type PlateCrop } from './data';
import { readerInput } from './input';
import { encodePlateText, PLATE_READER_INPUT } from './task';
import type { PlateReaderSettings, TrainPlateReaderOptions } from './train-options';

/** Crops as reader inputs with their texts (and character boxes, in input pixels, if known). */
export interface ReaderSet {
  x: Float32Array[];
  texts: string[];
  boxes: ({ x: number; width: number }[] | undefined)[];
}

/** Everything a run trains and validates on. */
export interface ReaderData {
  glyphs: PlateGlyphSet;
  realTrain: ReaderSet;
  realValidation: ReaderSet;
  syntheticValidation: ReaderSet;
  fingerprint: string;
}

/** One training batch: inputs laid end to end and label rows padded with −1. */
export interface ReaderBatch {
  x: Float32Array;
  labels: number[][];
  /** Per crop, its frame labels (synthetic crops) or null (real ones: positions unknown). */
  frames: (number[] | null)[];
}

const toSet = (crops: readonly Omit<PlateCrop, 'file'>[]): ReaderSet => ({
  x: crops.map((c) => readerInput(c.image)),
  texts: crops.map((c) => c.text),
  boxes: crops.map((c) => {
    const scale = PLATE_READER_INPUT.width / c.image.width;
    return c.boxes?.map((b) => ({ x: b.x * scale, width: b.width * scale }));
  }),
});

/** Label rows for ctcLoss: symbol indices, padded with −1 to the longest. */
export function labelRows(texts: readonly string[]): number[][] {
  const encoded = texts.map(encodePlateText);
  const width = Math.max(...encoded.map((e) => e.length));
  return encoded.map((e) => [...e, ...Array(width - e.length).fill(-1)]);
}

async function realCrops(o: TrainPlateReaderOptions) {
  if (o.crops === undefined) return { crops: [] as PlateCrop[], fingerprint: 'none' };
  if (typeof o.crops === 'string') return loadPlateReaderDataset(o.crops);
  if (o.crops.length === 0) throw new DlError('INVALID_ARGUMENT', 'crops is an empty list');
  return { crops: [...o.crops], fingerprint: `${o.crops.length} crops given` };
}

/** The glyph shapes, the real crops split into training and validation, the synthetic validation. */
export async function readerData(
  o: TrainPlateReaderOptions,
  s: PlateReaderSettings,
  rng: Rng,
): Promise<ReaderData> {
  const fonts = fontGlyphSet(o.fonts);
  const glyphs = o.characterCrops ? await loadCharacterCrops(o.characterCrops, fonts) : fonts;
  const real = await realCrops(o);
  const order = rng.fork('split').permutation(real.crops.length);
  const held = Math.round(real.crops.length * s.cropValidation);
  const pick = (from: number, to: number) =>
    Array.from(order.subarray(from, to), (i) => real.crops[i]);
  if (held === 0 && s.validationPlates === 0) {
    throw new DlError(
      'INVALID_ARGUMENT',
      'nothing is held out to choose the best epoch and score the model: give validationPlates > 0, or crops with cropValidation > 0',
    );
  }
  if (s.syntheticPerEpoch === 0 && real.crops.length - held === 0) {
    throw new DlError(
      'INVALID_ARGUMENT',
      'nothing to train on: syntheticPerEpoch is 0 and no crops were given',
    );
  }
  const validation = synthPlateCrops({
    count: s.validationPlates,
    seed: rng.fork('validation').nextUint32(),
    glyphs,
    colours: o.colours,
  });
  return {
    glyphs,
    realTrain: toSet(pick(held, real.crops.length)),
    realValidation: toSet(pick(0, held)),
    syntheticValidation: toSet(validation),
    fingerprint: `${glyphs.source}|${real.fingerprint}`,
  };
}

/**
 * The batches of one epoch: `syntheticPerEpoch` fresh synthetic crops and every real
 * training crop `cropRepeats` times (jittered), shuffled together. Everything is drawn from
 * (seed, epoch), so a resumed run sees what an uninterrupted one would.
 */
export function* epochBatches(
  data: ReaderData,
  s: PlateReaderSettings,
  o: TrainPlateReaderOptions,
  rng: Rng,
): Generator<ReaderBatch> {
  const synthetic = s.syntheticPerEpoch;
  const real = data.realTrain.x.length * s.cropRepeats;
  const order = rng.fork('order').permutation(synthetic + real);
  const jitter = rng.fork('jitter');
  const seeds = rng.fork('synthetic');
  const per = PLATE_READER_INPUT.height * PLATE_READER_INPUT.width * 3;
  for (let i = 0; i < order.length; i += s.batchSize) {
    const idx = Array.from(order.subarray(i, i + s.batchSize));
    const x = new Float32Array(idx.length * per);
    const texts: string[] = [];
    const frames: (number[] | null)[] = [];
    idx.forEach((k, j) => {
      if (k < synthetic) {
        const crop = synthPlateCrop({
          seed: seeds.fork(k).nextUint32(),
          glyphs: data.glyphs,
          colours: o.colours,
          realism: s.realism,
        });
        x.set(readerInput(crop.image), j * per);
        texts.push(crop.text);
        frames.push(alignmentFrames(crop));
      } else {
        const r = (k - synthetic) % data.realTrain.x.length;
        const jittered = jitterCrop(data.realTrain.x[r], PLATE_READER_INPUT, jitter);
        x.set(jittered.x, j * per);
        texts.push(data.realTrain.texts[r]);
        const boxes = data.realTrain.boxes[r]?.map((b) => {
          const x0 = jittered.toJittered(b.x);
          return { x: x0, width: jittered.toJittered(b.x + b.width) - x0 };
        });
        frames.push(boxes ? inputFrames(data.realTrain.texts[r], boxes) : null);
      }
    });
    yield { x, labels: labelRows(texts), frames };
  }
}

import { type DecodedImage, DlError, tf } from '@dl/core';
import { faceImage } from '../images';
import type { FaceInput } from '../task';
import { alignedRegion, boxRegion, type Landmarks68 } from './align';
import { type DetectOptions, detectFaces, type FaceBox } from './detect';
import { descriptorNet, landmarkNet } from './nets';
import { rgbOf, sampleRegion } from './sample';
import {
  DESCRIPTOR_MODEL_ID,
  FACE_API_WEIGHTS,
  type FaceWeightsOptions,
  loadFaceNetWeights,
} from './weights';

/** One face found and described. */
export interface FaceEmbedding {
  /** The 128-d descriptor, L2-normalised (a distance of 0 is the same face, 2 the opposite). */
  descriptor: Float32Array;
  /** Where the face is (the whole image when it was taken as already cropped). */
  box: FaceBox;
  landmarks: Landmarks68;
}

/**
 * How to find the face: 'detect' runs the detector and describes the most confident face (an
 * image with none is refused, DATA_INVALID); 'cropped' takes the whole image as the face box
 * (faster, for images that are already face crops); 'auto' detects and falls back to 'cropped'
 * when nothing is found. Landmark alignment follows in every case.
 */
export type FaceLocate = 'detect' | 'cropped' | 'auto';

export interface EmbedOptions extends DetectOptions {
  /** Default 'detect'. */
  locate?: FaceLocate;
  /**
   * Also describe the mirrored chip and average the two descriptors (renormalised): steadier
   * under side lighting and small pose changes, at twice the descriptor cost. Default false.
   */
  mirror?: boolean;
}

export interface FaceEmbedderInfo {
  /** The descriptor network's id and the sha256 of its weights: galleries record both. */
  descriptorModel: { id: string; sha256: string; dimensions: 128 };
}

/** The pretrained pipeline: detection → 68 landmarks → aligned 150×150 chip → 128-d descriptor. */
export interface FaceEmbedder {
  /** Faces in an image, best first. */
  detect(input: FaceInput, options?: DetectOptions): Promise<FaceBox[]>;
  /** 68 landmarks of the face in `box` (an upright square crop around it goes to the network). */
  landmarks(image: DecodedImage, box: FaceBox): Landmarks68;
  /** The aligned chip (150×150×3, 0–255) the descriptor sees. */
  align(image: DecodedImage, landmarks: Landmarks68): Float32Array;
  /** Descriptors of aligned chips, in one forward pass. */
  describe(chips: readonly Float32Array[]): Float32Array[];
  /** The whole pipeline for one image. */
  embed(input: FaceInput, options?: EmbedOptions): Promise<FaceEmbedding>;
  info: FaceEmbedderInfo;
  dispose(): void;
}

export const CHIP_SIZE = 150;
const LANDMARK_INPUT = 112;

/**
 * Loads the detector, landmark and descriptor networks that @vladmandic/face-api ships in its
 * `model/` folder (checked by sha256, run on our tfjs). Needs the optional package: without it
 * the DlError says `npm i @vladmandic/face-api`.
 */
export async function loadFaceEmbedder(o: FaceWeightsOptions = {}): Promise<FaceEmbedder> {
  const detector = await loadFaceNetWeights('detector', o);
  const marks = await loadFaceNetWeights('landmarks', o).catch((e) => {
    tf.dispose(detector);
    throw e;
  });
  const recognition = await loadFaceNetWeights('descriptor', o).catch((e) => {
    tf.dispose([detector, marks]);
    throw e;
  });
  const landmarks = (image: DecodedImage, box: FaceBox): Landmarks68 => {
    const region = boxRegion(box);
    const x = sampleRegion(rgbOf(image), region, LANDMARK_INPUT);
    const out = tf.tidy(() =>
      landmarkNet(tf.tensor4d(x, [1, LANDMARK_INPUT, LANDMARK_INPUT, 3]), marks),
    );
    const v = out.dataSync();
    out.dispose();
    const left = region.cx - region.side / 2;
    const top = region.cy - region.side / 2;
    return Array.from({ length: 68 }, (_, i) => [
      left + v[2 * i] * region.side,
      top + v[2 * i + 1] * region.side,
    ]);
  };
  const describe = (chips: readonly Float32Array[]): Float32Array[] => {
    if (chips.length === 0) return [];
    const x = new Float32Array(chips.length * CHIP_SIZE * CHIP_SIZE * 3);
    chips.forEach((c, i) => x.set(c, i * c.length));
    const out = tf.tidy(() => {
      const d = descriptorNet(tf.tensor4d(x, [chips.length, CHIP_SIZE, CHIP_SIZE, 3]), recognition);
      return tf.div(d, tf.norm(d, 2, 1, true));
    });
    const v = out.dataSync() as Float32Array;
    out.dispose();
    return chips.map((_, i) => v.slice(i * 128, (i + 1) * 128));
  };
  const detect = async (input: FaceInput, options?: DetectOptions) =>
    detectFaces(rgbOf(await faceImage(input)), detector, options);
  const align = (image: DecodedImage, points: Landmarks68) =>
    sampleRegion(rgbOf(image), alignedRegion(points), CHIP_SIZE);
  return {
    detect,
    landmarks,
    align,
    describe,
    async embed(input, options = {}) {
      const image = rgbOf(await faceImage(input));
      const box = locate(image, options, detector);
      const points = landmarks(image, box);
      const chip = align(image, points);
      const descriptor = options.mirror
        ? averaged(describe([chip, mirrored(chip)]))
        : describe([chip])[0];
      return { descriptor, box, landmarks: points };
    },
    info: {
      descriptorModel: {
        id: DESCRIPTOR_MODEL_ID,
        sha256: FACE_API_WEIGHTS.descriptor.weights,
        dimensions: 128,
      },
    },
    dispose: () => tf.dispose([detector, marks, recognition]),
  };
}

function locate(image: DecodedImage, o: EmbedOptions, detector: tf.NamedTensorMap): FaceBox {
  const mode = o.locate ?? 'detect';
  if (mode !== 'cropped') {
    const [best] = detectFaces(image, detector, o);
    if (best) return best;
    if (mode === 'detect') {
      throw new DlError(
        'DATA_INVALID',
        `no face found in this ${image.width}×${image.height} image (detector threshold ${o.scoreThreshold ?? 0.5}); pass locate: 'cropped' if it is already a face crop`,
        { path: image.source },
      );
    }
  }
  return { x: 0, y: 0, width: image.width, height: image.height, score: 0 };
}

/** The chip flipped left–right (HWC, 3 channels). */
function mirrored(chip: Float32Array): Float32Array {
  const out = new Float32Array(chip.length);
  for (let y = 0; y < CHIP_SIZE; y++) {
    for (let x = 0; x < CHIP_SIZE; x++) {
      const from = (y * CHIP_SIZE + x) * 3;
      const to = (y * CHIP_SIZE + CHIP_SIZE - 1 - x) * 3;
      out[to] = chip[from];
      out[to + 1] = chip[from + 1];
      out[to + 2] = chip[from + 2];
    }
  }
  return out;
}

/** The mean of unit descriptors, renormalised to unit length. */
function averaged(ds: Float32Array[]): Float32Array {
  const out = new Float32Array(ds[0].length);
  for (const d of ds) for (let k = 0; k < out.length; k++) out[k] += d[k];
  const norm = Math.hypot(...out) || 1;
  return out.map((v) => v / norm);
}

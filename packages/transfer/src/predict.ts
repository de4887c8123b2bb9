import {
  type DecodedImage,
  DlError,
  type DlMeta,
  decodeImage,
  loadModelDir,
  rankPredictions,
  readImage,
  tf,
} from '@dl/core';
import type { Backbone } from './backbones/backbone';
import { loadBackbone } from './backbones/load';
import { checkBackboneSpec } from './backbones/registry';
import { sha256 } from './backbones/resolve';
import { embedBatch } from './features/compute';
import { type FineTuneRecord, loadedFineTune } from './fine-tune/network';
import { headProbabilities } from './score';
import {
  TRANSFER_TASK,
  type TransferArchitecture,
  type TransferFeatureRecord,
  type TransferInput,
  type TransferPrediction,
} from './task';

/** What a loaded transfer model is: read from its dl.json and checked against the model. */
export interface TransferPredictorInfo {
  task: typeof TRANSFER_TASK;
  /** Class names, index = model output. */
  labels: readonly string[];
  architecture: TransferArchitecture;
  /** The backbone and feature settings the head was trained on. */
  features: TransferFeatureRecord;
  /** The whole dl.json (metrics, seed, data fingerprint, training settings). */
  meta: DlMeta;
}

export interface PredictTransferOptions {
  /** How many of the most probable labels `top` lists. Default 3. */
  topK?: number;
}

export interface LoadTransferPredictorOptions {
  /** Where the backbone's weight package is resolved from. Default the current directory. */
  from?: string;
}

export interface TransferPredictor {
  /** Classifies one image (path, bytes or decoded): label, probability, top-k. */
  predict(input: TransferInput, options?: PredictTransferOptions): Promise<TransferPrediction>;
  /** Classifies many images; results in input order. */
  predictBatch(
    inputs: readonly TransferInput[],
    options?: PredictTransferOptions,
  ): Promise<TransferPrediction[]>;
  /** Class probabilities of images (rows in input order). */
  probabilities(inputs: readonly TransferInput[]): Promise<number[][]>;
  info: TransferPredictorInfo;
  /** The trained head (features → classes). */
  head: tf.LayersModel;
  backbone: Backbone;
  dispose(): void;
}

const PREDICT_CHUNK = 8;

/** Decodes any accepted input to an image; a path or bytes that do not decode name the input. */
export async function toImage(input: TransferInput, index = 0): Promise<DecodedImage> {
  if (typeof input === 'string') return readImage(input);
  if (input instanceof Uint8Array) return decodeImage(input, { source: `input ${index}` });
  if (input && typeof input === 'object' && 'data' in input && 'width' in input) return input;
  throw new DlError(
    'INVALID_ARGUMENT',
    `input ${index} is not an image path, image bytes or a decoded image`,
  );
}

function describe(dir: string, model: tf.LayersModel, meta: DlMeta): TransferPredictorInfo {
  const labels = meta.labels ?? [];
  const outputs = model.outputs[0].shape.at(-1);
  const features = meta.preprocessing as unknown as TransferFeatureRecord | undefined;
  if (labels.length !== outputs) {
    throw new DlError(
      'MODEL_INVALID',
      `dl.json lists ${labels.length} labels but the model has ${outputs} outputs`,
      { path: dir },
    );
  }
  const width = model.inputs[0].shape.at(-1);
  if (!features?.backbone || (!features.fineTune && width !== features.featureDim)) {
    throw new DlError(
      'MODEL_INVALID',
      `dl.json's feature record does not match the head's input of ${width}`,
      { path: dir },
    );
  }
  checkBackboneSpec(features.backbone);
  const arch = meta.extra?.architecture;
  return {
    task: TRANSFER_TASK,
    labels,
    architecture: arch === 'seed' || arch === 'mlp' ? arch : 'default',
    features,
    meta,
  };
}

/** The backbone as fine-tuned: its bottom, then the saved top and pooling. */
function fineTunedBackbone(
  dir: string,
  backbone: Backbone,
  saved: tf.LayersModel,
  record: FineTuneRecord,
): { backbone: Backbone; head: tf.LayersModel } {
  if (backbone.network.kind !== 'layers') {
    throw new DlError('MODEL_INVALID', 'a fine-tuned model needs a layers backbone', {
      path: dir,
    });
  }
  const parts = loadedFineTune(backbone.network.model, saved, record);
  const forward = (x: tf.Tensor4D) =>
    tf.tidy(() => {
      const b = parts.bottom(x);
      return parts.features.predict(b.length === 1 ? b[0] : b) as tf.Tensor2D;
    });
  // the top's weights are part of what the features are: their hash joins the backbone's
  const topId = sha256(
    Buffer.concat(
      parts.features.getWeights().map((w) => {
        const v = w.dataSync() as Float32Array;
        return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
      }),
    ),
  );
  return {
    head: parts.head,
    backbone: {
      ...backbone,
      weightsId: sha256(Buffer.from(`${backbone.weightsId}\nfine-tuned ${topId}`)),
      forward,
      dispose: () => {
        parts.head.dispose();
        saved.dispose();
        backbone.dispose();
      },
    },
  };
}

/**
 * Loads a model directory written by trainTransfer for prediction: the head, and the backbone
 * it was trained on (from dl.json; the same weights are required, by hash). A fine-tuned model
 * holds the trained top of the backbone too: `backbone` is then the backbone as fine-tuned (its
 * `weightsId` names the fine-tuned weights, so cached features never mix) and `head` the head.
 */
export async function loadTransferPredictor(
  dir: string,
  options: LoadTransferPredictorOptions = {},
): Promise<TransferPredictor> {
  const { model: saved, meta } = await loadModelDir(dir, { task: TRANSFER_TASK });
  let info: TransferPredictorInfo;
  let backbone: Backbone;
  try {
    info = describe(dir, saved, meta);
    backbone = await loadBackbone(info.features.backbone, options);
  } catch (e) {
    saved.dispose();
    throw e;
  }
  if (
    backbone.weightsId !== info.features.weightsId ||
    backbone.featureDim !== info.features.featureDim
  ) {
    backbone.dispose();
    saved.dispose();
    throw new DlError(
      'MODEL_INVALID',
      `the head was trained on other weights of backbone '${backbone.spec.name}' ` +
        `(${info.features.weightsId.slice(0, 12)}…, found ${backbone.weightsId.slice(0, 12)}…)`,
      { path: dir },
    );
  }
  let head = saved;
  const record = info.features.fineTune;
  if (record) {
    try {
      ({ backbone, head } = fineTunedBackbone(dir, backbone, saved, record));
    } catch (e) {
      backbone.dispose();
      saved.dispose();
      throw e;
    }
  }
  const logits = meta.extra?.outputs === 'logits';
  const probabilities = async (inputs: readonly TransferInput[]) => {
    const rows: number[][] = [];
    // a few images a forward pass: a whole batch at 512×512 would not fit in memory
    for (let at = 0; at < inputs.length; at += PREDICT_CHUNK) {
      const chunk = inputs.slice(at, at + PREDICT_CHUNK);
      const images = await Promise.all(chunk.map((im, i) => toImage(im, at + i)));
      const x = embedBatch(backbone, images, info.features.flip);
      rows.push(...headProbabilities(head, x, backbone.featureDim, logits));
    }
    return rows;
  };
  const predictBatch = async (inputs: readonly TransferInput[], { topK = 3 } = {}) =>
    inputs.length ? rankPredictions(await probabilities(inputs), info.labels, topK) : [];
  return {
    info,
    head,
    backbone,
    probabilities,
    predictBatch,
    async predict(input, opts) {
      return (await predictBatch([input], opts))[0];
    },
    dispose() {
      if (!record) head.dispose();
      backbone.dispose();
    },
  };
}

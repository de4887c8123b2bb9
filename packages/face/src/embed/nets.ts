import { tf } from '@dl/core';
import { weight } from './weights';

/**
 * The three face-api networks written out with plain tfjs ops over their published weights
 * (the same graphs as @vladmandic/face-api 1.7's TinyFaceDetector, FaceLandmark68Net and
 * FaceRecognitionNet, MIT), so they run on our own tfjs instance and backend.
 */
type W = tf.NamedTensorMap;
type T4 = tf.Tensor4D;

const conv = (x: T4, w: W, name: string, stride: number, padding: 'same' | 'valid') =>
  tf.add(
    tf.conv2d(x, weight<tf.Rank.R4>(w, `${name}/filters`), stride, padding),
    weight(w, `${name}/bias`),
  ) as T4;

const separable = (x: T4, w: W, name: string, stride: number, padding: 'same' | 'valid') =>
  tf.add(
    tf.separableConv2d(
      x,
      weight<tf.Rank.R4>(w, `${name}/depthwise_filter`),
      weight<tf.Rank.R4>(w, `${name}/pointwise_filter`),
      stride,
      padding,
    ),
    weight(w, `${name}/bias`),
  ) as T4;

/** Leaky ReLU with slope 0.1, as TinyYolov2 computes it. */
const leaky = (x: T4) => tf.leakyRelu(x, 0.10000000149011612) as T4;

/** Subtracts a per-channel mean and scales by 1/255. */
const normalise = (x: T4, mean: readonly number[]) =>
  tf.div(tf.sub(x, tf.tensor1d(mean as number[])), 255) as T4;

export const DETECTOR_MEAN = [117.001, 114.697, 97.404];
export const FACE_MEAN = [122.782, 117.001, 104.298];

/** TinyFaceDetector: [n, s, s, 3] 0–255 → [n, s/32, s/32, 25] (5 anchors × box, score). */
export function detectorNet(x: T4, w: W): T4 {
  return tf.tidy(() => {
    let out = leaky(conv(normalise(x, DETECTOR_MEAN), w, 'conv0', 1, 'valid'));
    for (let i = 1; i <= 5; i++) {
      out = tf.maxPool(out, 2, 2, 'same');
      const padded = tf.pad(out, [
        [0, 0],
        [1, 1],
        [1, 1],
        [0, 0],
      ]) as T4;
      out = leaky(separable(padded, w, `conv${i}`, 1, 'valid'));
    }
    out = tf.maxPool(out, 2, 1, 'same');
    return conv(out, w, 'conv8', 1, 'valid');
  });
}

function denseBlock(x: T4, w: W, name: string, first: boolean): T4 {
  const out1 = tf.relu(
    first ? conv(x, w, `${name}/conv0`, 2, 'same') : separable(x, w, `${name}/conv0`, 2, 'same'),
  ) as T4;
  const out2 = separable(out1, w, `${name}/conv1`, 1, 'same');
  const in3 = tf.relu(tf.add(out1, out2)) as T4;
  const out3 = separable(in3, w, `${name}/conv2`, 1, 'same');
  const in4 = tf.relu(tf.add(out1, tf.add(out2, out3))) as T4;
  const out4 = separable(in4, w, `${name}/conv3`, 1, 'same');
  return tf.relu(tf.add(out1, tf.add(out2, tf.add(out3, out4)))) as T4;
}

/** FaceLandmark68Net: [n, 112, 112, 3] 0–255 → [n, 136] (x, y pairs relative to the input). */
export function landmarkNet(x: T4, w: W): tf.Tensor2D {
  return tf.tidy(() => {
    let out = denseBlock(normalise(x, FACE_MEAN), w, 'dense0', true);
    for (const name of ['dense1', 'dense2', 'dense3']) out = denseBlock(out, w, name, false);
    out = tf.avgPool(out, 7, 2, 'valid');
    const flat = out.reshape([out.shape[0], -1]) as tf.Tensor2D;
    return tf.add(
      tf.matMul(flat, weight<tf.Rank.R2>(w, 'fc/weights')),
      weight(w, 'fc/bias'),
    ) as tf.Tensor2D;
  });
}

/** Conv, bias, then the learnt per-channel scale and shift of the dlib ResNet. */
function scaled(
  x: T4,
  w: W,
  name: string,
  stride: number,
  padding: 'same' | 'valid',
  relu: boolean,
) {
  let out = tf.add(
    tf.conv2d(x, weight<tf.Rank.R4>(w, `${name}/conv/filters`), stride, padding),
    weight(w, `${name}/conv/bias`),
  ) as T4;
  out = tf.add(
    tf.mul(out, weight(w, `${name}/scale/weights`)),
    weight(w, `${name}/scale/biases`),
  ) as T4;
  return relu ? (tf.relu(out) as T4) : out;
}

function residual(x: T4, w: W, name: string): T4 {
  const out = scaled(
    scaled(x, w, `${name}/conv1`, 1, 'same', true),
    w,
    `${name}/conv2`,
    1,
    'same',
    false,
  );
  return tf.relu(tf.add(out, x)) as T4;
}

function residualDown(x: T4, w: W, name: string): T4 {
  let out = scaled(
    scaled(x, w, `${name}/conv1`, 2, 'valid', true),
    w,
    `${name}/conv2`,
    1,
    'same',
    false,
  );
  let pooled = tf.avgPool(x, 2, 2, 'valid') as T4;
  if (pooled.shape[1] !== out.shape[1] || pooled.shape[2] !== out.shape[2]) {
    // 'valid' stride-2 convolution loses a row and a column that pooling keeps: pad with zeros
    out = tf.pad(out, [
      [0, 0],
      [0, pooled.shape[1] - out.shape[1]],
      [0, pooled.shape[2] - out.shape[2]],
      [0, 0],
    ]) as T4;
  }
  if (pooled.shape[3] !== out.shape[3]) {
    pooled = tf.concat([pooled, tf.zerosLike(pooled)], 3) as T4;
  }
  return tf.relu(tf.add(pooled, out)) as T4;
}

/** FaceRecognitionNet (dlib's ResNet-29): [n, 150, 150, 3] 0–255 → [n, 128] descriptors. */
export function descriptorNet(x: T4, w: W): tf.Tensor2D {
  return tf.tidy(() => {
    let out = scaled(normalise(x, FACE_MEAN), w, 'conv32_down', 2, 'valid', true);
    out = tf.maxPool(out, 3, 2, 'valid');
    for (const name of ['conv32_1', 'conv32_2', 'conv32_3']) out = residual(out, w, name);
    out = residualDown(out, w, 'conv64_down');
    for (const name of ['conv64_1', 'conv64_2', 'conv64_3']) out = residual(out, w, name);
    out = residualDown(out, w, 'conv128_down');
    for (const name of ['conv128_1', 'conv128_2']) out = residual(out, w, name);
    out = residualDown(out, w, 'conv256_down');
    for (const name of ['conv256_1', 'conv256_2']) out = residual(out, w, name);
    out = residualDown(out, w, 'conv256_down_out');
    const pooled = out.mean([1, 2]) as tf.Tensor2D;
    return tf.matMul(pooled, weight<tf.Rank.R2>(w, 'fc'));
  });
}

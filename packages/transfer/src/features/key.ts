import { createHash } from 'node:crypto';
import type { Backbone } from '../backbones/backbone';
import type { BackbonePreprocessing, FeatureNode } from '../backbones/spec';

/** Everything that changes a feature vector; its hash names the cache folder. */
export interface FeatureKey {
  backbone: string;
  weightsId: string;
  preprocessing: BackbonePreprocessing;
  features: FeatureNode[];
  /** Features averaged with those of the mirrored image. */
  flip: boolean;
  dim: number;
}

export function featureKeyOf(backbone: Backbone, flip: boolean): FeatureKey {
  return {
    backbone: backbone.spec.name,
    weightsId: backbone.weightsId,
    preprocessing: backbone.spec.preprocessing,
    features: backbone.spec.features,
    flip,
    dim: backbone.featureDim,
  };
}

/** 16 hex digits of SHA-256 over the key's canonical JSON (the name is not part of it). */
export function featureKeyHash(key: FeatureKey): string {
  const { backbone: _name, ...identity } = key;
  const canonical = JSON.stringify({
    ...identity,
    preprocessing: {
      size: identity.preprocessing.size,
      scaling: identity.preprocessing.scaling,
      resize: identity.preprocessing.resize,
      alignCorners: identity.preprocessing.alignCorners,
    },
    features: identity.features.map((f) => ({ node: f.node, pooling: f.pooling })),
  });
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

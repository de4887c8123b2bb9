import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DlError, MODEL_JSON } from '@dl/core';
import { BUILTIN_BACKBONES } from './builtin';
import {
  type BackboneFormat,
  type BackbonePreprocessing,
  type BackboneSpec,
  type FeatureNode,
  PIXEL_SCALINGS,
  POOLINGS,
} from './spec';

/** The built-in backbones (weights in npm packages), in the order they are recommended. */
export function listBackbones(): readonly BackboneSpec[] {
  return BUILTIN_BACKBONES;
}

/** A built-in backbone by name; an unknown name is a DlError listing the known ones. */
export function getBackbone(name: string): BackboneSpec {
  const spec = BUILTIN_BACKBONES.find((b) => b.name === name);
  if (!spec) {
    throw new DlError(
      'INVALID_ARGUMENT',
      `no built-in backbone '${name}'; known: ${BUILTIN_BACKBONES.map((b) => b.name).join(', ')}` +
        ' (or pass a directory backbone from backboneFromDirectory)',
    );
  }
  return spec;
}

export interface DirectoryBackboneOptions {
  /** 'graph-model' or 'layers-model'. Default: read from model.json (`format`, else topology). */
  format?: 'graph-model' | 'layers-model';
  /** The node(s) to cut at: names, or `{ node, pooling }`. Required. */
  features: readonly (string | FeatureNode)[];
  /** Pooling of nodes given by name. Default 'mean'. */
  pooling?: FeatureNode['pooling'];
  /** Input size and pixel scaling. Required: a backbone's preprocessing is part of it. */
  preprocessing: {
    size: readonly [number, number];
    scaling: BackbonePreprocessing['scaling'];
    /** Default 'stretch'. */
    resize?: BackbonePreprocessing['resize'];
    /** Default false. */
    alignCorners?: boolean;
  };
  /** Default: the directory's last path segment. */
  name?: string;
  /** Default 'user-supplied'. */
  licence?: string;
  description?: string;
}

/**
 * A backbone from a TF.js model directory of the user's (layers or graph model), cut at named
 * nodes. Its weights are not hash-checked (they are the user's); everything else is validated.
 */
export function backboneFromDirectory(dir: string, o: DirectoryBackboneOptions): BackboneSpec {
  const pooling = o.pooling ?? 'mean';
  const spec: BackboneSpec = {
    name:
      o.name ??
      dir
        .replace(/[\\/]+$/, '')
        .split(/[\\/]/)
        .at(-1) ??
      dir,
    description: o.description ?? `TF.js model directory ${dir}`,
    licence: o.licence ?? 'user-supplied',
    weights: { kind: 'directory', path: dir, format: o.format ?? detectFormat(dir) },
    preprocessing: {
      size: [o.preprocessing.size[0], o.preprocessing.size[1]],
      scaling: o.preprocessing.scaling,
      resize: o.preprocessing.resize ?? 'stretch',
      alignCorners: o.preprocessing.alignCorners ?? false,
    },
    features: (o.features ?? []).map((f) => (typeof f === 'string' ? { node: f, pooling } : f)),
  };
  checkBackboneSpec(spec);
  return spec;
}

/** A model.json's own `format`, else its topology's shape (graph: `node`; layers: a config). */
function detectFormat(dir: string): 'graph-model' | 'layers-model' {
  const path = join(dir, MODEL_JSON);
  if (!existsSync(path)) {
    throw new DlError('FILE_NOT_FOUND', `no ${MODEL_JSON}: not a TF.js model directory`, {
      path: dir,
    });
  }
  let json: { format?: string; modelTopology?: { node?: unknown } };
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new DlError('FILE_CORRUPT', `invalid JSON (${(e as Error).message})`, { path, cause: e });
  }
  if (json.format === 'graph-model' || json.format === 'layers-model') return json.format;
  return Array.isArray(json.modelTopology?.node) ? 'graph-model' : 'layers-model';
}

const FORMATS: readonly BackboneFormat[] = ['graph-model', 'layers-model', 'nsfwjs-bundle'];

/** Rejects a malformed spec (sizes, scaling, pooling, no feature node) with a DlError. */
export function checkBackboneSpec(spec: BackboneSpec): void {
  const fail = (m: string) => {
    throw new DlError('INVALID_ARGUMENT', `backbone '${spec.name}': ${m}`);
  };
  const [h, w] = spec.preprocessing?.size ?? [];
  if (![h, w].every((v) => Number.isInteger(v) && v >= 8 && v <= 4096)) {
    fail(`input size must be two integers in 8–4096, got ${JSON.stringify([h, w])}`);
  }
  if (!PIXEL_SCALINGS.includes(spec.preprocessing.scaling)) {
    fail(
      `scaling must be one of ${PIXEL_SCALINGS.join(', ')}, got '${spec.preprocessing.scaling}'`,
    );
  }
  if (!['stretch', 'center-crop'].includes(spec.preprocessing.resize)) {
    fail(`resize must be 'stretch' or 'center-crop', got '${spec.preprocessing.resize}'`);
  }
  if (!FORMATS.includes(spec.weights.format)) {
    fail(`format must be one of ${FORMATS.join(', ')}, got '${spec.weights.format}'`);
  }
  if (!spec.features?.length) fail('needs at least one feature node');
  for (const f of spec.features) {
    if (typeof f.node !== 'string' || f.node === '') fail('a feature node needs a name');
    if (!POOLINGS.includes(f.pooling)) {
      fail(`pooling must be one of ${POOLINGS.join(', ')}, got '${f.pooling}'`);
    }
  }
}

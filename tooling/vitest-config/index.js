import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packagesDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'packages');

/**
 * Tests import each other's @dl packages from source, not from dist: a change to @dl/core is
 * seen by every package's tests without a rebuild (and without racing a concurrent build).
 * Only the published-build tests (core's dist.test.ts, the spawned CLI) use dist.
 */
function sourceAliases() {
  const aliases = {};
  for (const dir of readdirSync(packagesDir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(packagesDir, dir, 'package.json'), 'utf8'));
      aliases[pkg.name] = join(packagesDir, dir, 'src', 'index.ts');
    } catch {
      // not a package folder
    }
  }
  return aliases;
}

/**
 * Shared vitest project preset. Training tests run real models on 2 cores, so timeouts are
 * generous; speed goals live in bench/, never here.
 * @param {string} name project name shown in the summary
 * @param {Record<string, unknown>} overrides extra `test` options
 */
export function dlVitest(name, overrides = {}) {
  return {
    resolve: { alias: sourceAliases() },
    test: {
      name,
      include: ['test/**/*.test.ts'],
      environment: 'node',
      testTimeout: 120_000,
      hookTimeout: 120_000,
      // Forks, not threads: the wasm backend starts its own worker threads.
      pool: 'forks',
      // Test files run in parallel forks, one per core: a second wasm thread per fork would
      // only oversubscribe the cores (each small op then waits for a scheduler slice).
      env: { DL_THREADS: '1' },
      ...overrides,
    },
  };
}

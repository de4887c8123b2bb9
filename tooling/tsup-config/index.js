/**
 * The one build preset for every @dl package: ESM first, CJS for older consumers, d.ts.
 * @param {import('tsup').Options} overrides
 * @returns {import('tsup').Options}
 */
export function dlTsup(overrides = {}) {
  return {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'node',
    splitting: false,
    // tfjs packages must stay external so every backend registers into one tfjs-core instance.
    external: [/^@tensorflow\//, /^@dl\//],
    // threads.ts picks require or createRequire(import.meta.url) at run time; the CJS build's
    // empty import.meta is never reached.
    esbuildOptions(options) {
      options.logOverride = { ...options.logOverride, 'empty-import-meta': 'silent' };
    },
    ...overrides,
  };
}

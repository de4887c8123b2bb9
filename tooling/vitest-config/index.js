/**
 * Shared vitest project preset. Training tests run real models on 2 cores, so timeouts are
 * generous; speed goals live in bench/, never here.
 * @param {string} name project name shown in the summary
 * @param {Record<string, unknown>} overrides extra `test` options
 */
export function dlVitest(name, overrides = {}) {
  return {
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

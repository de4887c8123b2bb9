import { defineConfig } from 'vitest/config';

// One vitest run over every package, so CI prints a single summary line.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'examples'],
    reporters: ['default'],
  },
});

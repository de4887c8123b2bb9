import { dlTsup } from '@dl/tsup-config';
import { defineConfig } from 'tsup';

// The CLI is an executable, not a library: ESM only, with a shebang.
export default defineConfig(
  dlTsup({
    entry: { cli: 'src/cli.ts' },
    format: ['esm'],
    dts: false,
    banner: { js: '#!/usr/bin/env node' },
  }),
);

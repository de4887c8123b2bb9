// Fails when any package or app has an import cycle in its sources (part of `npm test`).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { importCycles } from '../tooling/vitest-config/imports.js';

const root = new URL('..', import.meta.url).pathname;
const srcDirs = ['packages', 'apps'].flatMap((group) =>
  readdirSync(join(root, group)).map((name) => join(root, group, name, 'src')),
);
const cycles = srcDirs.flatMap((dir) => importCycles(dir, root));
for (const c of cycles) console.error(`import cycle: ${c.join(' → ')}`);
if (cycles.length) process.exit(1);
console.log(`check-cycles: no import cycle in ${srcDirs.length} source trees`);

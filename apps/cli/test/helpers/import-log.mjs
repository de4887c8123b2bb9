// Preloaded with `node --import` (see imports.ts): logs every @dl/* and @tensorflow/* module
// the process resolves to the file named by DL_IMPORT_LOG, one specifier a line.
import { register } from 'node:module';

register('./import-log-hooks.mjs', import.meta.url, { data: { log: process.env.DL_IMPORT_LOG } });

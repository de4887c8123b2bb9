import { createRequire } from 'node:module';

/**
 * A CommonJS `require` in both builds: ESM gets one from import.meta.url; the CJS build (where
 * tsup leaves import.meta empty) has the module's own.
 */
const metaUrl = (import.meta as { url?: string }).url;
export const nodeRequire: NodeRequire = metaUrl ? createRequire(metaUrl) : require;

// Module resolution hooks (they run on the loader thread): see import-log.mjs.
import { appendFileSync } from 'node:fs';

let log;

export function initialize(data) {
  log = data?.log;
}

export async function resolve(specifier, context, next) {
  if (log && /^@(dl|tensorflow)\//.test(specifier)) appendFileSync(log, `${specifier}\n`);
  return next(specifier, context);
}

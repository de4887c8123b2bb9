import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dl } from './dl';

const PRELOAD = pathToFileURL(fileURLToPath(new URL('./import-log.mjs', import.meta.url))).href;

let runs = 0;
const logDir = mkdtempSync(join(tmpdir(), 'dl-imports-'));

/**
 * Runs the built `dl` and also returns the @dl/* and @tensorflow/* packages it imported (as
 * resolved specifiers, without repeats).
 */
export async function dlWithImports(args: string[]) {
  const log = join(logDir, `${runs++}.log`);
  const r = await dl(args, {
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${PRELOAD}`.trim(),
    DL_IMPORT_LOG: log,
  });
  const lines = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
  return { ...r, imported: [...new Set(lines.filter(Boolean))] };
}

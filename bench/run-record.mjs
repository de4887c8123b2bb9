// What the real-data bench scripts record with each run: the commit it ran at, and the JSON
// records a script keeps one per run in a folder.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The short commit, with `+dirty` when the sources of any of `packages` (folder names under
 * packages/) have uncommitted changes: the run measured code that commit does not hold.
 */
export function commitOf(...packages) {
  const git = (...args) => execFileSync('git', args, { cwd: here, encoding: 'utf8' }).trim();
  try {
    const paths = packages.map((p) => `../packages/${p}/src`);
    const dirty = paths.length > 0 && git('status', '--porcelain', '--', ...paths) !== '';
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? '+dirty' : ''}`;
  } catch {
    return 'unknown';
  }
}

/** Every `*.json` record in `dir`, in file-name order; none when the folder is absent. */
export function readJsonDir(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
}

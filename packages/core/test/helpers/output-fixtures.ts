import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Every file under `root` (or `root` itself when it is a file), path → bytes. */
export function snapshot(root: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (p: string) => {
    if (statSync(p).isDirectory()) {
      for (const name of readdirSync(p).sort()) walk(join(p, name));
    } else {
      out.set(relative(root, p) || '.', readFileSync(p));
    }
  };
  walk(root);
  return out;
}

/** A folder of a user's own files, as someone might have at the --out path. */
export function userFolder(dir: string): string {
  mkdirSync(join(dir, 'a'), { recursive: true });
  writeFileSync(join(dir, 'notes.txt'), 'my notes, not a model\n');
  writeFileSync(join(dir, 'a', 'photo.bin'), Buffer.from([0, 1, 2, 3, 254, 255]));
  return dir;
}

/** A single user file. */
export function userFile(path: string): string {
  writeFileSync(path, 'precious user data\n');
  return path;
}

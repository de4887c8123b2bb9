import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The first ```ts block of a README: the example a package's README opens with.
 * @param {string} readmePath
 */
export function readmeExample(readmePath) {
  const text = readFileSync(readmePath, 'utf8');
  const m = /```ts\n([\s\S]*?)```/.exec(text);
  if (!m) throw new Error(`${readmePath}: no \`\`\`ts example block`);
  return m[1];
}

/**
 * Runs a README's opening example as pasted, except for `replace` pairs that shrink it to test
 * size (each must match, so a README edit that drops one fails the test instead of silently
 * running the full-size example). It runs in a fresh temporary working directory (whatever it
 * writes lands there) and is imported through vite, so `@dl/*` imports resolve as in the tests.
 * Returns the module's exports and what it printed with console.log.
 * @param {string} readmePath
 * @param {{ replace?: [string | RegExp, string][] }} [options]
 */
export async function runReadmeExample(readmePath, options = {}) {
  let code = readmeExample(readmePath);
  for (const [from, to] of options.replace ?? []) {
    const next = code.replace(from, to);
    if (next === code) throw new Error(`${readmePath}: the example no longer contains ${from}`);
    code = next;
  }
  const file = join(dirname(readmePath), 'test', `.readme-example-${process.pid}.ts`);
  writeFileSync(file, code);
  const cwd = process.cwd();
  const work = mkdtempSync(join(tmpdir(), 'dl-readme-'));
  const logs = [];
  const log = console.log;
  console.log = (...args) => {
    logs.push(args.map(String).join(' '));
  };
  try {
    process.chdir(work);
    const exports = await import(/* @vite-ignore */ `${pathToFileURL(file).href}?t=${Date.now()}`);
    return { exports, logs, code };
  } finally {
    console.log = log;
    process.chdir(cwd);
    rmSync(file, { force: true });
    rmSync(work, { recursive: true, force: true });
  }
}

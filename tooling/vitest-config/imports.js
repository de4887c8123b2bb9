import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

// Static `import … from './x'`, `export … from './x'` and `import('./x')` of relative paths.
// Type-only imports count too: they are part of the structure a reader has to follow.
const IMPORT_RE =
  /(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

/** The file a relative specifier names: x.ts, x/index.ts, or x.js written for x.ts. */
function resolveSpecifier(fromFile, spec) {
  const base = resolve(dirname(fromFile), spec);
  const candidates = [base, `${base}.ts`, join(base, 'index.ts'), base.replace(/\.js$/, '.ts')];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile() && c.endsWith('.ts'));
}

/** The .ts files `file` imports directly (relative imports only). */
export function directImports(file) {
  const text = readFileSync(file, 'utf8');
  const out = new Set();
  for (const m of text.matchAll(IMPORT_RE)) {
    const target = resolveSpecifier(file, m[1] ?? m[2]);
    if (target) out.add(target);
  }
  return [...out];
}

/** Every .ts file reachable from `entry` through relative imports, entry included. */
export function transitiveImports(entry) {
  const seen = new Set([resolve(entry)]);
  const stack = [resolve(entry)];
  while (stack.length) {
    for (const next of directImports(stack.pop())) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return seen;
}

function tsFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...tsFiles(p));
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Import cycles among the .ts files under `srcDir`, each as a list of paths relative to `root`. */
export function importCycles(srcDir, root = srcDir) {
  const files = tsFiles(srcDir);
  const state = new Map(); // undefined: new, 1: on the stack, 2: done
  const stack = [];
  const cycles = [];
  const visit = (f) => {
    state.set(f, 1);
    stack.push(f);
    for (const g of directImports(f)) {
      if (state.get(g) === 1) cycles.push([...stack.slice(stack.indexOf(g)), g]);
      else if (!state.has(g)) visit(g);
    }
    stack.pop();
    state.set(f, 2);
  };
  for (const f of files) if (!state.has(f)) visit(f);
  return cycles.map((c) => c.map((f) => relative(root, f)));
}

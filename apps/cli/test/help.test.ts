import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dl } from './helpers/dl';
import { dlWithImports } from './helpers/imports';
import { oneJson } from './helpers/json';

interface DeclaredCommand {
  kind: 'command';
  name: string;
  flags: Record<string, { type: string; required?: boolean }>;
  positionals: { name: string }[];
  multiInput: boolean;
}
interface DeclaredGroup {
  kind: 'group';
  name: string;
  commands: (DeclaredCommand | DeclaredGroup)[];
}

type Declared = DeclaredCommand | DeclaredGroup;

/** Every command and group of the tree with its full name: ['dl plate train', …]. */
function walk(node: Declared, path = node.name): { path: string; node: Declared }[] {
  const here = [{ path, node }];
  if (node.kind === 'command') return here;
  return [...here, ...node.commands.flatMap((c) => walk(c, `${path} ${c.name}`))];
}

/** The --help line of a flag: `  --seed N …` (not `  --seed-model`). */
const flagLine = (flag: string) => new RegExp(`^ {2}--${flag}(?![\\w-])`, 'm');

/** Runs `work` over `items` a few at a time (each spawn loads TensorFlow.js; 2 cores here). */
async function inBatches<T, R>(items: readonly T[], work: (item: T) => Promise<R>, size = 4) {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) {
    results.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  }
  return results;
}

let tree: DeclaredGroup;
beforeAll(async () => {
  // `dl help --json` is the declaration tree itself: what --help and the README are made from.
  tree = oneJson(await dl(['help', '--json']));
});

describe('dl --help at every level (built binary)', () => {
  it('the tree holds every command of the CLI', () => {
    expect(walk(tree).map((n) => n.path)).toEqual(
      expect.arrayContaining([
        'dl doctor',
        'dl demo',
        'dl plate train',
        'dl plate eval',
        'dl plate read',
        'dl plate synth',
        'dl plate train-reader',
        'dl plate eval-reader',
        'dl speech synth',
        'dl speech train',
        'dl speech eval',
        'dl speech predict',
        'dl textcnn train',
        'dl textcnn eval',
        'dl textcnn predict',
        'dl textcnn compare',
        'dl lm train',
        'dl lm eval',
        'dl lm generate',
        'dl lm score',
        'dl captcha synth',
        'dl captcha train',
        'dl captcha eval',
        'dl captcha predict',
        'dl captcha ensemble',
        'dl face train',
        'dl face eval',
        'dl face predict',
        'dl face enroll',
        'dl face identify',
        'dl face verify',
        'dl face synth',
        'dl transfer backbones',
        'dl transfer features',
        'dl transfer train',
        'dl transfer cv',
        'dl transfer eval',
        'dl transfer predict',
        'dl transfer synth',
        'dl summary',
        'dl help',
      ]),
    );
  });

  it('every group lists its commands and every command lists each declared flag', async () => {
    const nodes = walk(tree);
    const helps = await inBatches(nodes, (n) =>
      dlWithImports([...n.path.split(' ').slice(1), '--help']),
    );
    for (const [i, { path, node }] of nodes.entries()) {
      const help = helps[i];
      expect(help.code, `${path} --help: ${help.stderr}`).toBe(0);
      // Help is made from the declarations alone: no task package, no @dl/core, no TensorFlow.js.
      expect(help.imported, `${path} --help imported`).toEqual([]);
      expect(help.stdout.startsWith(`${path} — `)).toBe(true);
      if (node.kind === 'group') {
        for (const c of node.commands) expect(help.stdout).toContain(`${path} ${c.name}`);
        continue;
      }
      expect(help.stdout).toContain(`usage: ${path}`);
      const flags = Object.keys(node.flags);
      for (const flag of [...flags, 'json', 'help']) {
        expect(help.stdout, `${path} --help lacks --${flag}`).toMatch(flagLine(flag));
      }
      if (node.multiInput) expect(help.stdout).toMatch(/^ {2}--jsonl\b/m);
      for (const p of node.positionals) expect(help.stdout).toContain(p.name);
      // Each flag's line states its type (and range / default where it has them).
      const lines = help.stdout.split('\n');
      for (const [flag, spec] of Object.entries(node.flags)) {
        const at = lines.findIndex((l) => flagLine(flag).test(l));
        const text = `${lines[at]} ${lines[at + 1]}`;
        if (spec.type === 'int') expect(text, `${path} --${flag}`).toMatch(/\bint\b/);
        if (spec.type === 'boolean') expect(text).toMatch(/switch/);
        if (spec.required) expect(text).toMatch(/required/);
      }
    }
  });

  it('neither help nor a usage error loads TensorFlow.js; a command that runs does', async () => {
    for (const args of [
      ['--help'],
      ['help', '--json'],
      ['help', '--markdown'],
      ['plate', 'train', '--kind', 'nope', '--out', 'x'],
      ['frobnicate'],
    ]) {
      const r = await dlWithImports(args);
      expect(r.imported, `dl ${args.join(' ')}`).toEqual([]);
    }
    // The same probe sees the imports of a command that does work (so the checks above can fail).
    const summary = await dlWithImports(['summary', join(tmpdir(), 'dl-no-such-model')]);
    expect(summary.code).toBe(3);
    expect(summary.imported).toEqual(expect.arrayContaining(['@dl/core', '@tensorflow/tfjs']));
  });

  it('-h works too, and help after other flags wins over their errors', async () => {
    const short = await dl(['plate', 'train', '-h']);
    expect(short.code).toBe(0);
    expect(short.stdout).toMatch(/--epochs N +int ≥ 1, default 20/);
    const late = await dl(['speech', 'train', '--epochs', 'abc', '--help']);
    expect(late.code).toBe(0);
    expect(late.stdout).toMatch(/^dl speech train — /);
    expect((await dl(['help', 'lm', 'score'])).stdout).toBe(
      (await dl(['lm', 'score', '-h'])).stdout,
    );
  });

  it('dl --help documents the exit codes', async () => {
    const r = await dl(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /exit codes:\n {2}0 .*\n {2}1 .*\n {2}2 +usage.*\n {2}3 +data.*\n {2}4 +output/,
    );
  });

  it('README.md is the generated reference: every command, flag and exit code', async () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const generated = await dl(['help', '--markdown']);
    // Regenerate with `pnpm --filter @dl/cli readme` after changing a declaration.
    expect(readme).toBe(generated.stdout);
    for (const { path, node } of walk(tree)) {
      if (node.kind !== 'command') continue;
      expect(readme).toContain(`### \`${path}\``);
      for (const flag of Object.keys(node.flags))
        expect(readme).toMatch(new RegExp(`\`--${flag}(?![\\w-])`));
    }
    for (const code of [0, 1, 2, 3, 4]) expect(readme).toMatch(new RegExp(`^\\| ${code} \\|`, 'm'));
  });
});

describe('exit codes and error output (built binary)', () => {
  it('usage 2, data 3, output 4; one line, no stack trace unless DL_DEBUG=1', async () => {
    const usage = await dl(['plate', 'train', '--kind', 'letter', '--out', 'x', '--epochs', '-3']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("--epochs must be a positive integer, got '-3'");

    const data = await dl(['summary', join(tmpdir(), 'dl-no-such-model')]);
    expect(data.code).toBe(3);
    expect(data.stderr).toMatch(/dl-no-such-model/);
    expect(data.stderr.trim().split('\n')).toHaveLength(1);
    expect(data.stderr).not.toMatch(/\n\s+at /);
    const debug = await dl(['summary', join(tmpdir(), 'dl-no-such-model')], { DL_DEBUG: '1' });
    expect(debug.stderr).toMatch(/\n\s+at /);

    // --out on a file of the user's: refused before any work, exit 4, the file untouched.
    const dir = mkdtempSync(join(tmpdir(), 'dl-exit-'));
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'my notes');
    const io = await dl(['textcnn', 'train', '--model', 'tfidf', '--out', notes, '--json']);
    expect(io.code).toBe(4);
    expect(oneJson(io).error.code).toBe('OUTPUT_EXISTS');
    expect(readFileSync(notes, 'utf8')).toBe('my notes');
  });
});

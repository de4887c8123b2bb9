import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dl as run } from './helpers/dl';
import { oneJson } from './helpers/json';

/** One wasm thread, like the other tests (vitest runs files in parallel). */
const dl = (args: string[]) => run(args, { DL_THREADS: '1' });

const root = mkdtempSync(join(tmpdir(), 'dl-architecture-cli-'));
const sentences = join(root, 'sentences.tsv');
const rows = [
  'pos\ta wonderful film',
  'pos\ti loved it',
  'neg\ta dreadful film',
  'neg\ti hated it',
];
writeFileSync(
  sentences,
  `${Array.from({ length: 10 }, () => rows)
    .flat()
    .join('\n')}\n`,
);

const architectureOf = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'dl.json'), 'utf8')).extra?.architecture;

describe('--architecture, and the deprecated flags it replaces (built binary)', () => {
  it('an old flag still works, mapped onto --architecture, with a one-line note on stderr', async () => {
    const out = join(root, 'cnn-seed');
    const r = await dl([
      ...['textcnn', 'train', '--model', 'cnn-seed', '--data', sentences, '--out', out],
      ...['--epochs', '1', '--max-len', '8', '--json'],
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(oneJson(r).artifactDir).toBe(out);
    const notes = r.stderr.split('\n').filter((l) => l.startsWith('warning: '));
    expect(notes).toEqual([
      'warning: --model is deprecated (removed in the next minor): use --architecture seed',
    ]);
    expect(architectureOf(out)).toBe('seed');
  });

  it('an old flag that contradicts --architecture is refused before any work', async () => {
    const cases = [
      ['plate', 'train', '--kind', 'letter', '--seed-model', '--architecture', 'default'],
      ['speech', 'train', '--seed-model', '--architecture', 'default'],
      ['textcnn', 'train', '--model', 'tfidf', '--architecture', 'seed', '--data', sentences],
      ['lm', 'train', '--synthetic', '--model', 'lstm', '--architecture', 'seed'],
    ];
    for (const args of cases) {
      const r = await dl([...args, '--out', join(root, 'never')]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/means --architecture \w+, which contradicts --architecture \w+/);
    }
  });

  it('textcnn: nbsvm is a linear baseline — trained in one go, CNN flags refused', async () => {
    const out = join(root, 'nbsvm');
    const r = await dl([
      ...['textcnn', 'train', '--architecture', 'nbsvm', '--data', sentences, '--out', out],
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(oneJson(r).metrics.testSamples).toBe(4);
    const p = await dl(['textcnn', 'predict', out, 'a wonderful film', '--json']);
    expect(oneJson(p)).toMatchObject({ label: 'pos' });
    const epochs = await dl([
      ...['textcnn', 'train', '--architecture', 'nbsvm', '--data', sentences],
      ...['--out', join(root, 'nb2'), '--epochs', '3'],
    ]);
    expect(epochs.code).toBe(2);
    expect(epochs.stderr).toMatch(/--epochs applies to the CNNs, not to the nbsvm baseline/);
  });
});

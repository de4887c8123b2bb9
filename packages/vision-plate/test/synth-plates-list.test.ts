import { mkdtempSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPlateReaderDataset } from '../src/ctc-reader/data';
import { writeSyntheticPlates } from '../src/synth-files';

const root = mkdtempSync(join(tmpdir(), 'dl-plate-list-'));
afterAll(() => rm(root, { recursive: true, force: true }));

describe('writeSyntheticPlates labels.tsv', () => {
  it('loads back as the ground-truth list of loadPlateReaderDataset, every plate with its text', async () => {
    const dir = join(root, 'plates');
    await writeSyntheticPlates(dir, { count: 4, seed: 9 });
    const list = await readFile(join(dir, 'labels.tsv'), 'utf8');
    const rows = list
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('#'))
      .map((l) => l.split('\t'));
    expect(rows).toHaveLength(4);
    const set = await loadPlateReaderDataset(dir, { labelsFile: join(dir, 'labels.tsv') });
    expect(set.crops.map((c) => c.text)).toEqual(rows.map(([, text]) => text));
    expect(set.crops.map((c) => c.file)).toEqual(rows.map(([file]) => join(dir, file)));
  });
});

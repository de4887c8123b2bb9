import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSentenceDataset, sentenceFolds } from '../src/data';

const dir = mkdtempSync(join(tmpdir(), 'dl-textcnn-data-'));
const file = (name: string, content: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

describe('loadSentenceDataset: MR style', () => {
  file('rt.pos', 'a gorgeous film . \nsimply great\n\n');
  // Latin-1 bytes (0xE9 = é) are not valid UTF-8.
  file('rt.neg', Buffer.from('a clich\xe9d mess . \n', 'latin1'));

  it('reads a .pos/.neg pair from either file, the prefix or the folder, Latin-1 tolerant', async () => {
    for (const p of [join(dir, 'rt.pos'), join(dir, 'rt.neg'), join(dir, 'rt')]) {
      const d = await loadSentenceDataset(p);
      expect(d.format).toBe('mr');
      expect(d.labelNames).toEqual(['neg', 'pos']);
      expect(d.texts).toEqual(['a clichéd mess .', 'a gorgeous film .', 'simply great']);
      expect(Array.from(d.labels)).toEqual([0, 1, 1]);
      expect(d.encoding).toBe('latin1');
    }
    const folder = join(dir, 'mr-folder');
    mkdirSync(folder);
    writeFileSync(join(folder, 'x.pos'), 'good\n');
    writeFileSync(join(folder, 'x.neg'), 'bad\n');
    expect((await loadSentenceDataset(folder)).texts).toEqual(['bad', 'good']);
  });

  it('rejects a missing pair file and an empty file', async () => {
    file('lonely.pos', 'good\n');
    await expect(loadSentenceDataset(join(dir, 'lonely.pos'))).rejects.toThrow(
      /lonely\.neg: MR-style data needs both lonely\.pos and lonely\.neg; lonely\.neg is missing/,
    );
    file('hollow.pos', 'good\n');
    file('hollow.neg', '\n  \n');
    await expect(loadSentenceDataset(join(dir, 'hollow.pos'))).rejects.toThrow(
      /hollow\.neg: the sentence file is empty/,
    );
  });
});

describe('loadSentenceDataset: CSV / TSV', () => {
  it('reads SMS-spam TSV (label<TAB>text, no header)', async () => {
    const p = file(
      'SMSSpamCollection',
      'ham\tOk lar... "Joking" wif u\nspam\tFree entry, txt WIN\nham\tsee you\tlater\n',
    );
    const d = await loadSentenceDataset(p);
    expect(d.format).toBe('tsv');
    expect(d.labelNames).toEqual(['ham', 'spam']);
    expect(d.texts).toEqual(['Ok lar... "Joking" wif u', 'Free entry, txt WIN', 'see you\tlater']);
    expect(Array.from(d.labels)).toEqual([0, 1, 0]);
  });

  it('reads quoted CSV with a detected header and named columns', async () => {
    const p = file(
      'spam.csv',
      'v1,v2\nham,"Hi, ""you"" there"\nspam,"Win\nnow"\nham,ok\nham,fine\n',
    );
    const d = await loadSentenceDataset(p);
    expect(d.format).toBe('csv');
    expect(d.texts).toEqual(['Hi, "you" there', 'Win\nnow', 'ok', 'fine']);
    const named = await loadSentenceDataset(
      file('named.csv', 'text,label\ngreat,pos\nawful,neg\n'),
      {
        labelColumn: 'label',
        textColumn: 'text',
      },
    );
    expect(named.texts).toEqual(['great', 'awful']);
    expect(Array.from(named.labels)).toEqual([1, 0]);
  });

  it('rejects an empty file, a line without a tab and an unknown label column', async () => {
    await expect(loadSentenceDataset(file('empty.tsv', ''))).rejects.toThrow(
      /empty\.tsv: the TSV file is empty/,
    );
    await expect(
      loadSentenceDataset(file('notab.tsv', 'ham\thello\nspam free money\n')),
    ).rejects.toThrow(/notab\.tsv: line 2 has no tab; expected 'label<TAB>text'/);
    await expect(
      loadSentenceDataset(file('cols.csv', 'text,label\ngreat,pos\n'), {
        labelColumn: 'category',
        textColumn: 'text',
      }),
    ).rejects.toThrow(
      /cols\.csv: no label column 'category' in the header \(columns: text, label\)/,
    );
    await expect(loadSentenceDataset(join(dir, 'missing.tsv'))).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
    });
    await expect(loadSentenceDataset(file('open.csv', 'a,"never closed\n'))).rejects.toThrow(
      /open\.csv: a quoted field opened on line 1 never closes/,
    );
  });
});

describe('sentenceFolds', () => {
  it('gives 10 stratified folds covering every sentence once', async () => {
    const lines = Array.from(
      { length: 40 },
      (_, i) => `${i % 4 === 0 ? 'spam' : 'ham'}\tmessage ${i}`,
    ).join('\n');
    const d = await loadSentenceDataset(file('folds.tsv', lines));
    const folds = sentenceFolds(d, 10, 5);
    expect(folds).toHaveLength(10);
    const tested = folds.flatMap((f) => f.test.texts).sort();
    expect(tested).toEqual([...d.texts].sort());
    for (const f of folds) {
      expect(f.test.texts).toHaveLength(4);
      expect(Array.from(f.test.labels).filter((l) => l === 1)).toHaveLength(1);
      expect(f.train.texts).toHaveLength(36);
    }
  });
});

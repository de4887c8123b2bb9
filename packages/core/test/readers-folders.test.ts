import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listClassFolders, listFiles } from '../src/io/readers';
import { dlError } from './fixtures-gen/expect';
import { useTempDir } from './fixtures-gen/tmp';

const base = useTempDir('folders');

/** Creates `files` (relative paths; a trailing '/' makes an empty folder) under a fresh root. */
function tree(name: string, files: string[]): string {
  const root = join(base, name);
  mkdirSync(root, { recursive: true });
  for (const f of files) {
    const path = join(root, f);
    if (f.endsWith('/')) {
      mkdirSync(path, { recursive: true });
    } else {
      mkdirSync(join(path, '..'), { recursive: true });
      writeFileSync(path, 'x');
    }
  }
  return root;
}

const rel = (root: string, items: { path: string; label?: string }[]) =>
  items.map((i) => ({ ...i, path: relative(root, i.path) }));

describe('listClassFolders', () => {
  it('lists class folders sorted, filtered by extension (case-insensitive), hidden entries skipped', async () => {
    const root = tree('plates', [
      'B/2.jpg',
      'B/10.JPG',
      'A/1.jpeg',
      'A/z.jpg',
      'A/notes.txt',
      'A/.hidden.jpg',
      'A/sub/deep.jpg',
      '.cache/x.jpg',
      'README.md',
      'zh_cuan/1.jpg',
    ]);
    const items = await listClassFolders(root, { extensions: ['.jpg', 'JPEG'] });
    expect(rel(root, items)).toEqual([
      { path: 'A/1.jpeg', label: 'A' },
      { path: 'A/z.jpg', label: 'A' },
      { path: 'B/10.JPG', label: 'B' },
      { path: 'B/2.jpg', label: 'B' },
      { path: 'zh_cuan/1.jpg', label: 'zh_cuan' },
    ]);
  });

  it('maps folder names to labels with labelMap (record or Map)', async () => {
    const root = tree('chinese', ['zh_cuan/1.jpg', 'zh_jing/1.jpg']);
    const record = await listClassFolders(root, {
      extensions: ['jpg'],
      labelMap: { zh_cuan: '川', zh_jing: '京' },
    });
    expect(record.map((i) => i.label)).toEqual(['川', '京']);
    const map = await listClassFolders(root, {
      extensions: ['jpg'],
      labelMap: new Map([
        ['zh_cuan', '川'],
        ['zh_jing', '京'],
      ]),
    });
    expect(map.map((i) => i.label)).toEqual(['川', '京']);
  });

  it('follows symlinked class folders', async () => {
    const target = tree('linked-target', ['a.png']);
    const root = tree('linked', ['real/b.png']);
    symlinkSync(target, join(root, 'linked'));
    expect(
      rel(root, await listClassFolders(root, { extensions: ['png'] })).map((i) => i.label),
    ).toEqual(['linked', 'real']);
  });

  it('a class folder missing from labelMap is DATA_INVALID naming it', async () => {
    const root = tree('unmapped', ['zh_cuan/1.jpg', 'zh_yue/1.jpg', 'constructor/1.jpg']);
    const e = await dlError(
      listClassFolders(root, { extensions: ['jpg'], labelMap: { zh_cuan: '川', zh_yue: '粤' } }),
    );
    expect(e).toMatchObject({ code: 'DATA_INVALID', path: join(root, 'constructor') });
    expect(e.message).toMatch(/"constructor" has no entry in labelMap/);
  });

  it('an empty class folder is DATA_INVALID naming the folder and extensions', async () => {
    const root = tree('empty-class', ['cats/1.jpg', 'dogs/', 'dogs/readme.txt']);
    const e = await dlError(listClassFolders(root, { extensions: ['jpg', '.png'] }));
    expect(e).toMatchObject({ code: 'DATA_INVALID', path: join(root, 'dogs') });
    expect(e.message).toMatch(/dogs: class folder has no \.jpg\/\.png files/);
  });

  it('a missing root is FILE_NOT_FOUND; a file root is INVALID_ARGUMENT; no classes is DATA_INVALID', async () => {
    const missing = join(base, 'nope');
    expect(await dlError(listClassFolders(missing, { extensions: ['jpg'] }))).toMatchObject({
      code: 'FILE_NOT_FOUND',
      path: missing,
    });
    const root = tree('flat', ['a.jpg']);
    expect(
      (await dlError(listClassFolders(join(root, 'a.jpg'), { extensions: ['jpg'] }))).code,
    ).toBe('INVALID_ARGUMENT');
    const e = await dlError(listClassFolders(root, { extensions: ['jpg'] }));
    expect(e).toMatchObject({ code: 'DATA_INVALID', path: root });
    expect(e.message).toMatch(/no class folders/);
  });

  it('extensions are required', async () => {
    const root = tree('ext', ['a/1.jpg']);
    expect((await dlError(listClassFolders(root, { extensions: [] }))).code).toBe(
      'INVALID_ARGUMENT',
    );
    expect((await dlError(listClassFolders(root, { extensions: ['.'] }))).code).toBe(
      'INVALID_ARGUMENT',
    );
  });
});

describe('listFiles', () => {
  const fsdd = tree('fsdd', [
    '3_jackson_12.wav',
    '0_george_0.wav',
    '10_x_1.WAV',
    'notes.txt',
    '.9_hidden_0.wav',
    'sub/1_a_0.wav',
  ]);

  it('labels FSDD-style names with a RegExp capture group, sorted by name', async () => {
    const items = await listFiles(fsdd, { extensions: ['wav'], labelFromFilename: /^(\d+)_/ });
    expect(rel(fsdd, items)).toEqual([
      { path: '0_george_0.wav', label: '0' },
      { path: '10_x_1.WAV', label: '10' },
      { path: '3_jackson_12.wav', label: '3' },
    ]);
  });

  it('labels captcha-style names with a function; without a rule gives paths only', async () => {
    const root = tree('captcha', ['226md.png', '2356g.png']);
    const items = await listFiles(root, {
      extensions: ['png'],
      labelFromFilename: (n) => n.replace(/\.png$/i, ''),
    });
    expect(items.map((i) => i.label)).toEqual(['226md', '2356g']);
    expect(rel(root, await listFiles(root, { extensions: ['png'] }))).toEqual([
      { path: '226md.png' },
      { path: '2356g.png' },
    ]);
  });

  it('a /g RegExp gives the same answer for every file', async () => {
    const items = await listFiles(fsdd, { extensions: ['wav'], labelFromFilename: /^(\d+)_/g });
    expect(items.map((i) => i.label)).toEqual(['0', '10', '3']);
  });

  it('a folder with no matching files is DATA_INVALID naming the extensions', async () => {
    const e = await dlError(listFiles(fsdd, { extensions: ['.flac', 'mp3'] }));
    expect(e).toMatchObject({ code: 'DATA_INVALID', path: fsdd });
    expect(e.message).toMatch(/no \.flac, \.mp3 files in this folder/);
  });

  it('a name the rule cannot label is DATA_INVALID naming the file', async () => {
    const root = tree('mixed', ['1_a_0.wav', 'stray.wav']);
    const e = await dlError(listFiles(root, { extensions: ['wav'], labelFromFilename: /^(\d)_/ }));
    expect(e).toMatchObject({ code: 'DATA_INVALID', path: join(root, 'stray.wav') });
    expect(e.message).toMatch(/does not match \/\^\(\\d\)_\//);
    const thrown = await dlError(
      listFiles(root, {
        extensions: ['wav'],
        labelFromFilename: () => {
          throw new Error('boom');
        },
      }),
    );
    expect(thrown.message).toMatch(/1_a_0\.wav: labelFromFilename failed on this file: boom/);
    const empty = await dlError(
      listFiles(root, { extensions: ['wav'], labelFromFilename: () => '' }),
    );
    expect(empty.message).toMatch(/expected a non-empty label/);
  });

  it('a RegExp without a capture group is INVALID_ARGUMENT', async () => {
    const e = await dlError(listFiles(fsdd, { extensions: ['wav'], labelFromFilename: /^\d_/ }));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toMatch(/no capture group/);
    // A non-capturing group is not a capture group either.
    expect(
      (await dlError(listFiles(fsdd, { extensions: ['wav'], labelFromFilename: /^(?:\d)_/ }))).code,
    ).toBe('INVALID_ARGUMENT');
  });

  it('a missing folder is FILE_NOT_FOUND', async () => {
    const missing = join(base, 'gone');
    expect(await dlError(listFiles(missing, { extensions: ['wav'] }))).toMatchObject({
      code: 'FILE_NOT_FOUND',
      path: missing,
    });
  });
});

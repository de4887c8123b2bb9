import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replaceDirAtomic, writeFileAtomic } from '../src/artifacts/atomic';
import { checkDataOutput, writeDataDirAtomic } from '../src/artifacts/data-dir';
import { saveModelDir } from '../src/artifacts/model-dir';
import { claimModelOutput } from '../src/artifacts/output';
import { ensureDir } from '../src/artifacts/writable';
import { initBackend } from '../src/backend/init';
import { isDlError } from '../src/errors';
import { writeHtmlReport } from '../src/report/html';
import * as tf from '../src/tf';

const root = mkdtempSync(join(tmpdir(), 'dl-output-writable-'));
const file = join(root, 'FILE');
writeFileSync(file, 'a file, not a folder');

beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const toy = () => tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 1 })] });
const meta = { task: 'toy', package: { name: '@dl/core', version: '0.0.0' } };

const writers: Record<string, (target: string) => Promise<unknown>> = {
  claimModelOutput: async (t) => (await claimModelOutput(t)).release(),
  saveModelDir: (t) => saveModelDir(toy(), t, meta),
  replaceDirAtomic: (t) => replaceDirAtomic(t, (tmp) => writeFile(join(tmp, 'x'), 'x')),
  writeFileAtomic: (t) => writeFileAtomic(t, 'x'),
  checkDataOutput: (t) => checkDataOutput(t),
  writeDataDirAtomic: (t) => writeDataDirAtomic(t, { task: 't', count: 0 }, async () => {}),
  writeHtmlReport: (t) => writeHtmlReport(t, { title: 'r' }),
  ensureDir: (t) => ensureDir(t),
};

const linux = process.platform === 'linux';
const impossible = [
  ...(linux ? ['/sys/x', '/sys/x/y/z'] : []),
  '/dev/null/x',
  join(file, 'sub'),
  join(file, 'sub', 'deeper'),
];

describe.each(Object.entries(writers))('%s on an impossible target', (_name, write) => {
  it.each(impossible)('%s fails fast with OUTPUT_NOT_WRITABLE', async (target) => {
    const started = performance.now();
    const e = await write(target).then(
      () => null,
      (err: unknown) => err,
    );
    const ms = performance.now() - started;
    expect(isDlError(e, 'OUTPUT_NOT_WRITABLE'), `got ${e}`).toBe(true);
    // Issue 13 asks for well under a second; 5 s leaves room for this shared 2-core machine.
    expect(ms).toBeLessThan(5000);
  });

  // Node's recursive mkdir spins forever under /proc; the vitest timeout bounds a regression.
  it.runIf(linux)('/proc/x returns an error', { timeout: 10_000 }, async () => {
    await expect(write('/proc/x/y')).rejects.toSatisfy((e) => isDlError(e, 'OUTPUT_NOT_WRITABLE'));
  });
});

describe('what the errors say', () => {
  it('names the file standing in the way of FILE/sub', async () => {
    await expect(saveModelDir(toy(), join(file, 'sub'), meta)).rejects.toThrow(
      `${file}: is a file, not a folder, so ${join(file, 'sub')} cannot be created in it`,
    );
  });

  it.runIf(linux)('says why /sys refuses (not a raw EPERM with a stack)', async () => {
    await expect(claimModelOutput('/sys/x')).rejects.toThrow(
      /^\/sys: cannot create files in this folder: (permission denied|operation not permitted|read-only file system)/,
    );
  });

  it('creates missing parents of a valid output one level at a time', async () => {
    const deep = join(root, 'a', 'b', 'c', 'model');
    await saveModelDir(toy(), deep, meta);
    expect(existsSync(join(deep, 'dl.json'))).toBe(true);
  });

  it('a claim leaves no probe or lock behind after release; a refused one adds nothing', async () => {
    const dir = join(root, 'probe');
    mkdirSync(dir);
    const claim = await claimModelOutput(join(dir, 'new', 'm'));
    expect(readdirSync(join(dir, 'new')).sort()).toEqual(['m.checkpoints.lock', 'm.lock']);
    await claim.release();
    expect(readdirSync(join(dir, 'new'))).toEqual([]);
    writeFileSync(join(dir, 'plain'), '');
    await expect(claimModelOutput(join(dir, 'plain', 'x'))).rejects.toThrow(/is a file/);
    expect(readdirSync(dir).sort()).toEqual(['new', 'plain']);
  });
});

import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDlMeta, saveModelDir } from '../src/artifacts/model-dir';
import { checkpointDirFor, claimModelOutput, withModelOutput } from '../src/artifacts/output';
import { initBackend } from '../src/backend/init';
import { isDlError } from '../src/errors';
import * as tf from '../src/tf';
import { trainModel } from '../src/train/train';
import { snapshot, userFolder } from './helpers/output-fixtures';

const root = mkdtempSync(join(tmpdir(), 'dl-output-claim-'));
let n = 0;
const fresh = () => {
  const dir = join(root, `case-${n++}`);
  mkdirSync(dir);
  return join(dir, 'm');
};

beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The pid of a process that has exited: certainly not alive (unless the pid is reused). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  if (typeof child.pid !== 'number') throw new Error('could not spawn node');
  return child.pid;
}

const lockOf = (host: string, pid: number, startedAt = '2020-01-01T00:00:00.000Z') =>
  JSON.stringify({ format: 'dl-lock', pid, host, startedAt, target: 'm' });

describe('one run at a time', () => {
  it('refuses a second claim while the first holds it, naming pid, host and start', async () => {
    const out = fresh();
    const first = await claimModelOutput(out);
    const lock = JSON.parse(readFileSync(`${out}.lock`, 'utf8'));
    expect(lock).toMatchObject({ format: 'dl-lock', pid: process.pid, host: hostname() });
    await expect(claimModelOutput(out)).rejects.toThrow(
      `${out}.lock: is locked by another run: pid ${process.pid} on ${hostname()}, started ${lock.startedAt}`,
    );
    // The checkpoint directory is locked too: a run whose --out is our checkpoint dir is refused.
    await expect(claimModelOutput(checkpointDirFor(out))).rejects.toSatisfy((e) =>
      isDlError(e, 'OUTPUT_LOCKED'),
    );
    await first.release();
    await first.release(); // idempotent
    const second = await claimModelOutput(out);
    expect(second.notes).toEqual([]);
    await second.release();
    expect(readdirSync(join(out, '..'))).toEqual([]);
  });

  it('withModelOutput releases the claim when the work throws', async () => {
    const out = fresh();
    await expect(
      withModelOutput(out, {}, async () => {
        expect(existsSync(`${out}.lock`)).toBe(true);
        throw new Error('work failed');
      }),
    ).rejects.toThrow('work failed');
    expect(existsSync(`${out}.lock`)).toBe(false);
  });

  it('takes over a stale lock of a dead process on this host, and says so', async () => {
    const out = fresh();
    const pid = deadPid();
    writeFileSync(`${out}.lock`, lockOf(hostname(), pid));
    const heard: string[] = [];
    const claim = await claimModelOutput(out, { onNote: (note) => heard.push(note) });
    expect(claim.notes).toHaveLength(1);
    expect(claim.notes[0]).toMatch(
      new RegExp(`took over the stale lock .*m\\.lock of process ${pid} on .* no longer running`),
    );
    expect(heard).toEqual(claim.notes);
    expect(JSON.parse(readFileSync(`${out}.lock`, 'utf8')).pid).toBe(process.pid);
    await claim.release();
  });

  it("refuses another host's lock (its process cannot be checked)", async () => {
    const out = fresh();
    writeFileSync(`${out}.lock`, lockOf('some-other-host', deadPid()));
    await expect(claimModelOutput(out)).rejects.toThrow(/on some-other-host.*another host/);
  });

  it('refuses a live process’s lock', async () => {
    const out = fresh();
    // The parent of this test process is alive for as long as the test runs.
    writeFileSync(`${out}.lock`, lockOf(hostname(), process.ppid));
    await expect(claimModelOutput(out)).rejects.toThrow(`pid ${process.ppid}`);
  });

  it('refuses a user file named like the lock, and leaves it alone', async () => {
    const out = fresh();
    writeFileSync(`${out}.lock`, 'my own lock notes');
    await expect(claimModelOutput(out)).rejects.toThrow(/not a readable @dl lock file/);
    expect(readFileSync(`${out}.lock`, 'utf8')).toBe('my own lock notes');
  });
});

describe('the checkpoint directory', () => {
  it('refuses a checkpoint path holding user files, untouched', async () => {
    const out = fresh();
    const ckpt = userFolder(checkpointDirFor(out));
    const before = snapshot(ckpt);
    await expect(claimModelOutput(out)).rejects.toThrow(
      /holding 2 entries \(a\/, notes.txt\) that is not a @dl checkpoint directory/,
    );
    expect(snapshot(ckpt)).toEqual(before);
    expect(existsSync(`${out}.lock`)).toBe(false);
  });

  it('resume needs the checkpoints to exist', async () => {
    await expect(claimModelOutput(fresh(), { resume: true })).rejects.toSatisfy((e) =>
      isDlError(e, 'FILE_NOT_FOUND'),
    );
  });

  it('ignores a trailing slash: m/ keeps its checkpoints beside it, not inside', () => {
    expect(checkpointDirFor('out/m/')).toBe('out/m.checkpoints');
  });
});

describe('trainModel under a claim', () => {
  const data = () => ({
    x: tf.tensor2d([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]),
    y: tf.tensor2d([[0], [1], [1], [0]]),
  });
  const model = () => {
    const m = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 1 })] });
    m.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
    return m;
  };
  const meta = { task: 'toy', package: { name: '@dl/core', version: '0.0.0' }, seed: 3 };

  it('writes best/ and last/, then resumes into its own checkpoint directory', async () => {
    const out = fresh();
    const run = (epochs: number, resume: boolean) =>
      withModelOutput(out, { resume }, async (claim) => {
        const m = model();
        const r = await trainModel({
          model: m,
          train: data(),
          epochs,
          seed: 3,
          resume,
          progress: 'silent',
          checkpoint: { dir: claim.checkpointDir, meta },
        });
        await saveModelDir(m, claim.outDir, meta);
        return r;
      });
    await run(2, false);
    expect(readdirSync(checkpointDirFor(out)).sort()).toEqual(['best', 'history.json', 'last']);
    // A claim again (the whole checkpoint directory is ours), and history.json is replaced.
    const resumed = await run(3, true);
    expect(resumed.message).toMatch(/resumed after epoch 2/);
    expect(
      JSON.parse(readFileSync(join(checkpointDirFor(out), 'history.json'), 'utf8')).loss,
    ).toHaveLength(3);
    expect((await readDlMeta(out)).task).toBe('toy');
    expect(readdirSync(join(out, '..')).sort()).toEqual(['m', 'm.checkpoints']);
  });
});

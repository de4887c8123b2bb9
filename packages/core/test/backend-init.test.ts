import { describe, expect, it } from 'vitest';
import {
  type BackendCandidate,
  type BackendDeps,
  initBackend,
  parsePreference,
} from '../src/backend/init';
import { isDlError } from '../src/errors';
import * as tf from '../src/tf';

/** A fake world where only the listed modules are installed and every activation works. */
function fakeDeps(installed: string[], failing: string[] = []) {
  const loaded: string[] = [];
  const activated: string[] = [];
  const deps: BackendDeps = {
    async load(name) {
      loaded.push(name);
      if (!installed.includes(name)) throw new Error(`Cannot find module '${name}'`);
      return {};
    },
    async activate(c: BackendCandidate, threads: number) {
      activated.push(c.id);
      return failing.includes(c.id) ? false : c.tfBackend === 'cpu' ? 1 : threads;
    },
  };
  return { deps, loaded, activated };
}

const ALL = [
  '@tensorflow/tfjs-node-gpu',
  '@tensorflow/tfjs-node',
  '@tensorflow/tfjs-backend-wasm',
  '@tensorflow/tfjs-backend-cpu',
];

describe('initBackend choice logic (injected loader)', () => {
  it('auto picks tfjs-node-gpu first when it loads', async () => {
    const { deps } = fakeDeps(ALL);
    const c = await initBackend({ prefer: 'auto', deps, threads: 2, env: {} });
    expect(c.id).toBe('tfjs-node-gpu');
    expect(c.backend).toBe('tensorflow');
    expect(c.skipped).toEqual([]);
  });

  it('auto falls to tfjs-node when the GPU build is missing', async () => {
    const { deps } = fakeDeps(ALL.slice(1));
    const c = await initBackend({ deps, env: {} });
    expect(c.id).toBe('tfjs-node');
    expect(c.skipped).toEqual([{ id: 'tfjs-node-gpu', reason: 'not installed' }]);
  });

  it('auto falls to wasm without native packages, recording why', async () => {
    const { deps } = fakeDeps(ALL.slice(2));
    const lines: string[] = [];
    const c = await initBackend({ deps, env: {}, threads: 2, log: (l) => lines.push(l) });
    expect(c.id).toBe('wasm');
    expect(c.threads).toBe(2);
    expect(c.skipped.map((s) => s.id)).toEqual(['tfjs-node-gpu', 'tfjs-node']);
    expect(lines.join('\n')).toMatch(/tfjs-node-gpu: skipped \(not installed\)/);
    expect(lines.at(-1)).toMatch(/wasm: chosen/);
  });

  it('a native package that loads but fails (missing libtensorflow) is skipped with its error', async () => {
    const deps: BackendDeps = {
      async load(name) {
        if (name.includes('tfjs-node'))
          throw new Error('libtensorflow.so: cannot open shared object');
        return {};
      },
      activate: async () => 1,
    };
    const c = await initBackend({ deps, env: {} });
    expect(c.id).toBe('wasm');
    expect(c.skipped[1].reason).toMatch(/failed to load: libtensorflow/);
  });

  it('auto falls to cpu when wasm fails to initialise', async () => {
    const { deps } = fakeDeps(ALL.slice(2), ['wasm']);
    const c = await initBackend({ deps, env: {} });
    expect(c.id).toBe('cpu');
    expect(c.threads).toBe(1);
    expect(c.skipped.at(-1)).toEqual({ id: 'wasm', reason: 'loaded but failed to initialise' });
  });

  it('DL_BACKEND overrides auto', async () => {
    const { deps, loaded } = fakeDeps(ALL);
    const c = await initBackend({ deps, env: { DL_BACKEND: 'cpu' } });
    expect(c.id).toBe('cpu');
    expect(c.reason).toMatch(/DL_BACKEND=cpu/);
    expect(loaded).toEqual(['@tensorflow/tfjs-backend-cpu']);
  });

  it('an explicit preference wins over DL_BACKEND', async () => {
    const { deps } = fakeDeps(ALL);
    const c = await initBackend({ deps, prefer: 'wasm', env: { DL_BACKEND: 'cpu' } });
    expect(c.id).toBe('wasm');
  });

  it('prefer tensorflow without native packages throws, naming both', async () => {
    const { deps } = fakeDeps(ALL.slice(2));
    const err = await initBackend({ deps, prefer: 'tensorflow', env: {} }).catch((e) => e);
    expect(isDlError(err, 'BACKEND_UNAVAILABLE')).toBe(true);
    expect(err.message).toMatch(/tfjs-node-gpu not installed; tfjs-node not installed/);
  });

  it('rejects an unknown DL_BACKEND and a bad DL_THREADS', async () => {
    const { deps } = fakeDeps(ALL);
    expect(() => parsePreference('webgpu', 'DL_BACKEND')).toThrow(/expected one of auto/);
    await expect(initBackend({ deps, env: { DL_BACKEND: 'gpu' } })).rejects.toThrow(
      /DL_BACKEND is 'gpu'/,
    );
    await expect(initBackend({ deps, env: { DL_THREADS: 'two' } })).rejects.toThrow(
      /DL_THREADS is 'two'/,
    );
  });
});

describe('initBackend for real', () => {
  it('activates wasm and trains through our kernels', async () => {
    const c = await initBackend({ prefer: 'wasm', env: {} });
    expect(c.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    const x = tf.randomNormal([2, 6, 6, 1]);
    const f = tf.variable(tf.randomNormal([3, 3, 1, 2]));
    const g = tf.grad((w: tf.Tensor) =>
      tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same').sum(),
    )(f);
    expect(g.shape).toEqual([3, 3, 1, 2]);
  });

  it('activates cpu', async () => {
    const c = await initBackend({ prefer: 'cpu', env: {} });
    expect(c).toMatchObject({ id: 'cpu', backend: 'cpu', threads: 1 });
    expect(tf.getBackend()).toBe('cpu');
  });

  it('auto here (no native packages installed) chooses wasm', async () => {
    const c = await initBackend({ env: {} });
    expect(c.id).toBe('wasm');
    expect(c.skipped.map((s) => s.id)).toEqual(['tfjs-node-gpu', 'tfjs-node']);
  });
});

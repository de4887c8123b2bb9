import { spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, Rng, tf, withSeededRandom } from '@dl/core';
import { beforeAll, expect, it } from 'vitest';
import { buildMobileNetV2 } from '../src/keras/mobilenet-v2';
import { loadKerasWeights, saveKerasWeights } from '../src/keras/weights';

/** Debian's python3 with h5py (`apt-get install python3-h5py`); the test skips without it. */
const PYTHON = '/usr/bin/python3';
const hasH5py = spawnSync(PYTHON, ['-c', 'import h5py, numpy'], { encoding: 'utf8' }).status === 0;

// Reads our file with h5py and writes it again the way Keras 2's save_weights does:
// fixed-length byte-string attributes, one dataset per weight under layer/weight_name.
const REWRITE = `
import sys, h5py, numpy as np
src, dst = sys.argv[1], sys.argv[2]
with h5py.File(src, 'r') as f, h5py.File(dst, 'w') as g:
    names = [n.decode() if isinstance(n, bytes) else n for n in f.attrs['layer_names']]
    g.attrs['layer_names'] = np.array([n.encode('utf8') for n in names])
    g.attrs['backend'] = b'tensorflow'
    g.attrs['keras_version'] = b'2.2.4'
    total = 0
    for n in names:
        wn = [w.decode() if isinstance(w, bytes) else w for w in f[n].attrs['weight_names']]
        grp = g.create_group(n)
        grp.attrs['weight_names'] = np.array([w.encode('utf8') for w in wn])
        for w in wn:
            v = np.asarray(f[n][w])
            assert v.dtype == np.float32, v.dtype
            grp.create_dataset(w, data=v)
            total += v.size
    print(total)
`;

beforeAll(async () => {
  await initBackend({ threads: 1 });
});

it.skipIf(!hasH5py)('h5py reads our .h5 and our reader reads Keras-style h5py files', async () => {
  const root = await mkdtemp(join(tmpdir(), 'dl-transfer-h5py-'));
  const options = {
    includeTop: false,
    inputShape: [32, 32, 3] as [number, number, number],
    alpha: 0.35,
  };
  const a = withSeededRandom(new Rng(1), () => buildMobileNetV2(options));
  const b = withSeededRandom(new Rng(2), () => buildMobileNetV2(options));
  const x = tf.randomUniform([1, 32, 32, 3], -1, 1, 'float32', 9);
  try {
    await saveKerasWeights(a, join(root, 'ours.h5'));
    const r = spawnSync(PYTHON, ['-c', REWRITE, join(root, 'ours.h5'), join(root, 'keras.h5')], {
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(Number(r.stdout.trim())).toBe(a.countParams());
    await loadKerasWeights(b, join(root, 'keras.h5'));
    const want = tf.tidy(() => (a.predict(x) as tf.Tensor).dataSync());
    const got = tf.tidy(() => (b.predict(x) as tf.Tensor).dataSync());
    expect(Array.from(got)).toEqual(Array.from(want));
  } finally {
    tf.dispose(x);
    a.dispose();
    b.dispose();
  }
});

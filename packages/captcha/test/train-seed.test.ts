import { initBackend, tf } from '@dl/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCaptchaSeedCnn, buildCaptchaSeedModel } from '../src/model';
import { transferTower } from '../src/train-seed';

beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
});

describe("the seed's two stages", () => {
  it('stage 2 starts from the stage-1 tower: every conv/BN weight copied, GRU and heads fresh', () => {
    const opts = { input: { height: 46, width: 46, channels: 1 as const }, length: 3, classes: 5 };
    const cnn = buildCaptchaSeedCnn(opts);
    const model = buildCaptchaSeedModel(opts);
    // stand in for stage-1 training: move every CNN weight
    cnn.setWeights(cnn.getWeights().map((w, i) => tf.add(w, 0.01 * (i + 1))));
    const gruBefore = model
      .getLayer('gru')
      .getWeights()
      .map((w) => w.dataSync().slice());
    const copied = transferTower(cnn, model);
    // 4 stages × 2 × (conv, bn)
    expect(copied).toHaveLength(16);
    for (const name of copied) {
      const a = cnn.getLayer(name).getWeights();
      const b = model.getLayer(name).getWeights();
      a.forEach((w, i) => expect(Array.from(b[i].dataSync())).toEqual(Array.from(w.dataSync())));
    }
    model
      .getLayer('gru')
      .getWeights()
      .forEach((w, i) => expect(Array.from(w.dataSync())).toEqual(Array.from(gruBefore[i])));
    cnn.dispose();
    model.dispose();
  });
});

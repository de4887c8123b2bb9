import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/backend/init';
import { modelSummary, modelSummaryRows } from '../src/report';
import * as tf from '../src/tf';

beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
});

describe('modelSummary', () => {
  it('counts a Sequential CNN by hand', () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 16, kernelSize: 3, name: 'conv' }),
        tf.layers.maxPooling2d({ poolSize: 2, name: 'pool' }),
        tf.layers.flatten({ name: 'flat' }),
        tf.layers.dense({ units: 10, name: 'out' }),
      ],
    });
    const t = modelSummaryRows(model);
    // conv: 3·3·1·16 + 16 = 160; pool/flatten: 0; dense: 13·13·16·10 + 10 = 27,050.
    expect(t.rows.map((r) => [r.name, r.type, r.outputShape, r.params])).toEqual([
      ['conv', 'Conv2D', '(None, 26, 26, 16)', 160],
      ['pool', 'MaxPooling2D', '(None, 13, 13, 16)', 0],
      ['flat', 'Flatten', '(None, 2704)', 0],
      ['out', 'Dense', '(None, 10)', 27050],
    ]);
    expect(t).toMatchObject({ totalParams: 27210, trainableParams: 27210, nonTrainableParams: 0 });
    expect(t.showConnections).toBe(false);

    const text = modelSummary(model);
    expect(text).toContain('Layer (type)');
    expect(text).not.toContain('Connected to');
    expect(text).toMatch(/conv \(Conv2D\)\s+\(None, 26, 26, 16\)\s+160\n/);
    expect(text).toContain('Total params: 27,210');
    expect(text).toContain('Trainable params: 27,210');
    expect(text).toContain('Non-trainable params: 0');
    model.dispose();
  });

  it('shows branches, frozen layers and non-trainable counts of a functional model', () => {
    const input = tf.input({ shape: [8], name: 'x' });
    const a = tf.layers.dense({ units: 4, name: 'frozen', trainable: false }).apply(input);
    const b = tf.layers.dense({ units: 3, name: 'side' }).apply(input);
    const bn = tf.layers.batchNormalization({ name: 'bn' }).apply(b);
    const cat = tf.layers.concatenate({ name: 'cat' }).apply([a, bn] as tf.SymbolicTensor[]);
    const out = tf.layers.dense({ units: 2, name: 'head' }).apply(cat) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out, name: 'branchy' });

    const t = modelSummaryRows(model);
    const byName = Object.fromEntries(t.rows.map((r) => [r.name, r]));
    // frozen 8·4+4 = 36, side 8·3+3 = 27, bn 4·3 = 12 (gamma, beta trainable; moving mean and
    // variance not), head 7·2+2 = 16.
    expect(byName.frozen).toMatchObject({ params: 36, trainable: false, outputShape: '(None, 4)' });
    expect(byName.side.params).toBe(27);
    expect(byName.bn.params).toBe(12);
    expect(byName.cat).toMatchObject({ params: 0, outputShape: '(None, 7)' });
    expect(byName.cat.connectedTo).toEqual(['frozen[0][0]', 'bn[0][0]']);
    expect(byName.head.params).toBe(16);
    expect(byName.x.connectedTo).toEqual([]);
    expect(t).toMatchObject({
      totalParams: 91,
      trainableParams: 36 + 27 + 6 + 16 - 36,
      nonTrainableParams: 36 + 6,
      showConnections: true,
    });

    const text = modelSummary(model);
    expect(text).toContain('Model: "branchy"');
    expect(text).toContain('Connected to');
    expect(text).toMatch(
      /cat \(Concatenate\)\s+\(None, 7\)\s+0\s+frozen\[0\]\[0\]\n\s+bn\[0\]\[0\]\n/,
    );
    expect(text).toContain('frozen (Dense) [frozen]');
    expect(text).toContain('Total params: 91');
    expect(text).toContain('Trainable params: 49');
    expect(text).toContain('Non-trainable params: 42');
    model.dispose();
  });

  it('groups thousands in large counts', () => {
    const model = tf.sequential({
      layers: [tf.layers.dense({ inputShape: [1286], units: 1287 })],
    });
    // 1286·1287 + 1287 = 1,656,369
    expect(modelSummary(model)).toContain('Total params: 1,656,369');
    model.dispose();
  });
});

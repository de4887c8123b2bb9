import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '@dl/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { captchaDataset } from '../src/data';
import { evaluateCaptcha } from '../src/evaluate';
import { loadCaptchaPredictor } from '../src/predict';
import { tinyData, tinyReader } from './helpers/tiny';

let dir: string;
beforeAll(async () => {
  // wasm on one thread: the fastest here, and steady on a shared machine
  await initBackend({ prefer: 'wasm', threads: 1 });
  dir = await tinyReader(1);
}, 600_000);

describe('loadCaptchaPredictor', () => {
  it('records what it reads and reads any size and channel count', async () => {
    const p = await loadCaptchaPredictor(dir);
    expect(p.info).toMatchObject({
      architecture: 'default',
      decoding: 'ctc',
      charset: '23456',
      length: 4,
      input: { height: 32, width: 128, channels: 1 },
    });
    const image = tinyData(9, '23456', 1).samples[0].image; // 128 × 32 RGB
    const big = {
      width: 256,
      height: 64,
      channels: 4 as const,
      data: new Uint8Array(256 * 64 * 4).fill(255),
    };
    const [a, b] = await p.predictBatch([image, big]);
    // a fixed-length model always answers 4 symbols of its charset (beam search enforces it)
    expect(a.text).toMatch(/^[23456]{4}$/);
    expect(b.text).toMatch(/^[23456]{4}$/);
    expect(a.perCharacter).toHaveLength(4);
    p.dispose();
  });

  it('rejects an unreadable image and a directory that is not a captcha model', async () => {
    const p = await loadCaptchaPredictor(dir);
    const broken = join(dir, '..', 'broken.png');
    writeFileSync(broken, 'garbage');
    await expect(p.predict(broken)).rejects.toThrow(/broken.png/);
    await expect(p.predict(42 as never)).rejects.toThrow(/image path or a decoded image/);
    p.dispose();
    await expect(loadCaptchaPredictor(join(dir, '..'))).rejects.toMatchObject({ name: 'DlError' });
    // a dl.json whose charset does not fit the model's outputs
    const meta = JSON.parse(readFileSync(join(dir, 'dl.json'), 'utf8'));
    meta.extra.captcha.charset = '234567';
    writeFileSync(join(dir, 'dl.json'), JSON.stringify(meta));
    await expect(loadCaptchaPredictor(dir)).rejects.toThrow(
      /6 symbols but the model outputs 6 classes/,
    );
    meta.extra.captcha.charset = '23456';
    writeFileSync(join(dir, 'dl.json'), JSON.stringify(meta));
  });
});

describe('evaluateCaptcha', () => {
  it('scores a data set and refuses labels the model cannot read, naming the file', async () => {
    const m = await evaluateCaptcha(dir, tinyData(5, '23456', 10));
    expect(m.count).toBe(10);
    expect(m.perPosition).toHaveLength(4);
    const image = tinyData(5, '23456', 1).samples[0].image;
    const unknown = captchaDataset([{ image, text: '2349', source: '/data/2349.png' }]);
    await expect(evaluateCaptcha(dir, unknown)).rejects.toThrow(
      /2349.png: label '2349' has '9' outside the charset '23456'/,
    );
    const short = captchaDataset([{ image, text: '234', source: '/data/234.png' }]);
    await expect(evaluateCaptcha(dir, short)).rejects.toThrow(
      /234.png: label '234' has 3 characters; this data set's captchas have 4/,
    );
  });
});

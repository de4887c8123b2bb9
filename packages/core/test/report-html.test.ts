import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { htmlReport, writeHtmlReport } from '../src/report';

const input = {
  title: 'Plates <run #1> & co',
  summary: 'Model: "m"\nconv (Conv2D)   (None, 26, 26, 16)   160\nTotal params: 160',
  history: { loss: [1, 0.5, 0.25], val_loss: [1.1, 0.7, 0.6], acc: [0.5, 0.7, 0.9] },
  metrics: {
    accuracy: 0.91234,
    loss: 0.25,
    topK: { k: 3, accuracy: 0.99 },
    perClass: [
      { label: '京', precision: 0.9, recall: 0.8, f1: 0.847, support: 40 },
      { label: '<b>', precision: Number.NaN, recall: 0, f1: 0, support: 3 },
    ],
  },
  confusion: [
    [32, 8],
    [3, 0],
  ],
  meta: {
    backend: 'wasm',
    seed: 42,
    startedAt: new Date('2024-05-01T10:00:00Z'),
    finishedAt: '2024-05-01T10:12:30Z',
    dataFingerprint: 'sha256:0123abcd',
    host: 'ci<1>',
  },
};

describe('htmlReport', () => {
  const html = htmlReport(input);

  it('is one self-contained, ASCII-safe page', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/<script|<link|\ssrc=|\shref=|url\(/i);
    expect([...html].every((c) => c.charCodeAt(0) < 0x7f)).toBe(true);
    expect(html.match(/<svg /g)).toHaveLength(2); // learning curves + confusion matrix
  });

  it('escapes every piece of user text', () => {
    expect(html).toContain('<title>Plates &lt;run #1&gt; &amp; co</title>');
    expect(html).toContain('<h1>Plates &lt;run #1&gt; &amp; co</h1>');
    expect(html).toContain('<td>&#x4EAC;</td>');
    expect(html).toContain('<td>&lt;b&gt;</td>');
    expect(html).toContain('<td>ci&lt;1&gt;</td>');
    expect(html).toContain('Model: &quot;m&quot;');
    expect(html).not.toContain('<b>');
  });

  it('lists metrics, per-class scores and run metadata', () => {
    expect(html).toMatch(/<th>accuracy<\/th><td class="num">0.9123<\/td>/);
    expect(html).toMatch(/<th>topK.accuracy<\/th><td class="num">0.9900<\/td>/);
    expect(html).toContain('<th>Precision</th><th>Recall</th><th>F1</th><th>Support</th>');
    expect(html).toMatch(
      /<td>&#x4EAC;<\/td><td class="num">0.9000<\/td><td class="num">0.8000<\/td><td class="num">0.8470<\/td><td class="num">40<\/td>/,
    );
    expect(html).toContain('<td class="num">n/a</td>'); // undefined precision
    expect(html).toContain('<th>Backend</th><td>wasm</td>');
    expect(html).toContain('<th>Seed</th><td class="num">42</td>');
    expect(html).toContain('<th>Started</th><td>2024-05-01T10:00:00.000Z</td>');
    expect(html).toContain('<th>Data fingerprint</th><td>sha256:0123abcd</td>');
    expect(html).toContain('<th>Duration</th><td>12 min 30 s</td>');
    expect(html).toContain('<pre>Model:');
  });

  it('leaves out sections it has no data for', () => {
    const bare = htmlReport({ title: 'empty' });
    expect(bare).not.toContain('<section>');
    expect(bare).toContain('<h1>empty</h1>');
  });

  it('writes atomically', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dl-report-html-'));
    try {
      const path = join(dir, 'report.html');
      await writeHtmlReport(path, input);
      expect(await readFile(path, 'utf8')).toBe(html);
      expect(await readdir(dir)).toEqual(['report.html']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

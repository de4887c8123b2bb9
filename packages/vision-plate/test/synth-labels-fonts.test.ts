import { isDlError } from '@dl/core';
import { describe, expect, it } from 'vitest';
import { loadFont } from '../src/synth/font';
import { CJK_FONT_PATHS, findFonts } from '../src/synth/fonts';
import { synthGlyphs } from '../src/synth/glyph';
import { ALNUM, LETTERS, labelsOf, PROVINCE_CODES, PROVINCES } from '../src/synth/labels';

const WQY = CJK_FONT_PATHS[0];

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

describe('plate label sets', () => {
  it('has the 31 provinces, 24 letters and 34 digits+letters', () => {
    expect(PROVINCES).toHaveLength(31);
    expect(new Set(PROVINCES).size).toBe(31);
    expect(PROVINCES.join('')).toBe(
      '京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川贵云藏陕甘青宁新',
    );
    expect(LETTERS).toHaveLength(24);
    expect(LETTERS).not.toContain('I');
    expect(LETTERS).not.toContain('O');
    expect(ALNUM).toHaveLength(34);
    expect(ALNUM.slice(0, 10).join('')).toBe('0123456789');
    expect(labelsOf('province')).toBe(PROVINCES);
    expect(labelsOf('letter')).toBe(LETTERS);
    expect(labelsOf('alnum')).toBe(ALNUM);
  });

  it('maps every EasyPR folder code to a distinct province', () => {
    const codes = Object.keys(PROVINCE_CODES);
    expect(codes).toHaveLength(31);
    expect(new Set(Object.values(PROVINCE_CODES))).toEqual(new Set(PROVINCES));
    expect(PROVINCE_CODES.zh_jing).toBe('京');
    expect(PROVINCE_CODES.zh_gan).toBe('赣');
    expect(PROVINCE_CODES.zh_gan1).toBe('甘');
    expect(PROVINCE_CODES.zh_gui).toBe('贵');
    expect(PROVINCE_CODES.zh_gui1).toBe('桂');
    expect(PROVINCE_CODES.zh_sx).toBe('晋');
    expect(PROVINCE_CODES.zh_yu1).toBe('渝');
  });
});

describe('fonts', () => {
  it('reads a font out of a TrueType collection', () => {
    const f0 = loadFont(WQY, 0);
    const f1 = loadFont(WQY, 1);
    expect(f0.family).toMatch(/WenQuanYi Micro Hei/);
    expect(f1.family).not.toBe(f0.family);
    for (const ch of PROVINCES) expect(f0.has(ch), ch).toBe(true);
    const o = f0.outline('京');
    expect(o?.contours.length).toBeGreaterThan(2);
    expect(o!.yMax - o!.yMin).toBeGreaterThan(0.6 * f0.unitsPerEm);
    expect(f0.outline('\u{10FFFD}')).toBeNull();
  });

  it('reads Latin TrueType fonts', () => {
    for (const f of findFonts('latin')) {
      for (const ch of ALNUM) expect(f.has(ch), `${f.path} ${ch}`).toBe(true);
    }
  });

  it('names the file and the apt package when a font is missing', () => {
    const e = thrown(() => loadFont('/no/such/font.ttf'));
    expect(isDlError(e, 'FILE_NOT_FOUND')).toBe(true);
    expect(String(e)).toContain('/no/such/font.ttf');

    const cjk = thrown(() => findFonts('cjk', ['/no/such/wqy.ttc']));
    expect(isDlError(cjk, 'FILE_NOT_FOUND')).toBe(true);
    expect((cjk as Error).message).toContain('/no/such/wqy.ttc');
    expect((cjk as Error).message).toContain('apt-get install fonts-wqy-microhei');

    const latin = thrown(() =>
      synthGlyphs({ kind: 'alnum', perClass: 1, fonts: ['/no/such/dejavu.ttf'] }),
    );
    expect(isDlError(latin, 'FILE_NOT_FOUND')).toBe(true);
    expect((latin as Error).message).toContain('fonts-dejavu-core');
  });

  it('rejects a file that is not a TrueType font', () => {
    const e = thrown(() => loadFont(`${__dirname}/../package.json`));
    expect(isDlError(e, 'FILE_UNSUPPORTED')).toBe(true);
    expect(String(e)).toContain('package.json');
  });

  it('says which font lacks a character', () => {
    const latinOnly = findFonts('latin')[0].path;
    const e = thrown(() => synthGlyphs({ kind: 'province', perClass: 1, fonts: [latinOnly] }));
    expect(isDlError(e, 'DATA_INVALID')).toBe(true);
    expect((e as Error).message).toContain(latinOnly);
  });
});

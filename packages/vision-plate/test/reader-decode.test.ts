import { describe, expect, it } from 'vitest';
import { decodePlate } from '../src/ctc-reader/decode';
import { isStandardPlateText, PLATE_READER_SYMBOLS } from '../src/ctc-reader/task';

const C = PLATE_READER_SYMBOLS.length + 1;
const BLANK = C - 1;
const idx = (ch: string) => PLATE_READER_SYMBOLS.indexOf(ch);

/** Logits for a path of classes (one per step): `p` on the path's class, the rest equal. */
function logits(path: number[], p = 0.9): number[][] {
  const rest = (1 - p) / (C - 1);
  return path.map((k) => Array.from({ length: C }, (_, c) => Math.log(c === k ? p : rest)));
}

const pathOf = (text: string) => {
  // blank, char, char (held 2 steps), blank … : 3 steps per character.
  const path: number[] = [];
  for (const ch of text) path.push(BLANK, idx(ch), idx(ch));
  return path;
};

describe('decodePlate (CTC decoding of the whole-plate reader)', () => {
  it('reads the best path, with each character peak probability and its span in crop pixels', () => {
    const path = pathOf('皖A12345');
    path.push(BLANK, BLANK, BLANK);
    const scores = logits(path);
    // Character 3 ('1') is less sure on its second step: its peak is still 0.9.
    scores[8] = scores[8].map((_, c) => Math.log(c === idx('1') ? 0.6 : 0.4 / (C - 1)));
    const plate = decodePlate(scores, { width: 96, height: 24 });
    expect(plate.text).toBe('皖A12345');
    expect(plate.valid).toBe(true);
    expect(plate.characters.map((c) => c.position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(plate.characters[2].probability).toBeCloseTo(0.9, 6);
    expect(plate.characters[2].top[0]).toEqual({ label: '1', probability: expect.closeTo(0.9, 6) });
    // 24 steps over 96 px: 4 px a step; character 1 holds steps 1–2.
    expect(plate.characters[0].box).toEqual({ x: 4, y: 0, width: 8, height: 24 });
    expect(plate.confidence).toBeCloseTo(0.9, 6);
  });

  it('keeps repeated characters apart only where a blank separates them', () => {
    const path = [BLANK, idx('京'), BLANK, idx('A'), BLANK, idx('1'), idx('1'), BLANK, idx('1')];
    for (const ch of '2345') path.push(BLANK, idx(ch));
    const plate = decodePlate(logits(path), { width: 94, height: 24 }, { decoding: 'greedy' });
    expect(plate.text).toBe('京A112345');
  });

  it("with 'beam', prefers a valid plate the beam holds over an invalid best path", () => {
    // Best path reads six characters (京A1234): the last character is nearly a tie with blank.
    const path = pathOf('京A12345');
    const scores = logits(path);
    for (const t of [path.length - 2, path.length - 1]) {
      scores[t] = scores[t].map((_, c) =>
        Math.log(c === BLANK ? 0.5 : c === idx('5') ? 0.45 : 0.05 / (C - 2)),
      );
    }
    const greedy = decodePlate(scores, { width: 94, height: 24 }, { decoding: 'greedy' });
    expect(greedy.text).toBe('京A1234');
    expect(greedy.valid).toBe(false);
    const beam = decodePlate(scores, { width: 94, height: 24 });
    expect(beam.text).toBe('京A12345');
    expect(beam.valid).toBe(true);
    expect(beam.characters[6].probability).toBeCloseTo(0.45, 6);
  });

  it("with 'beam', prefers a plate in the national formats over an 8-character best path that is none", () => {
    // Best path: '皖A820237', an extra '7' (p 0.5 against blank's 0.45) after a 7-character plate.
    const path = [...pathOf('皖A82023'), idx('7'), idx('7'), idx('7')];
    const scores = logits(path);
    for (const t of [21, 22, 23]) {
      scores[t] = scores[t].map((_, c) =>
        Math.log(c === idx('7') ? 0.5 : c === BLANK ? 0.45 : 0.05 / (C - 2)),
      );
    }
    const greedy = decodePlate(scores, { width: 94, height: 24 }, { decoding: 'greedy' });
    expect(greedy.text).toBe('皖A820237');
    expect(greedy.valid).toBe(false);
    const beam = decodePlate(scores, { width: 94, height: 24 });
    expect(beam.text).toBe('皖A82023');
    expect(beam.valid).toBe(true);
  });

  it('reads nothing from all-blank steps, with confidence 0', () => {
    const plate = decodePlate(logits(Array(24).fill(BLANK)), { width: 94, height: 24 });
    expect(plate).toMatchObject({ text: '', characters: [], confidence: 0, valid: false });
  });
});

describe('isStandardPlateText (the national plate formats)', () => {
  it('takes 7-character plates and both new-energy layouts', () => {
    for (const t of ['京A12345', '皖AHX511', '粤BD12345', '粤BFA1234', '粤B12345D', '沪AK12345']) {
      expect(isStandardPlateText(t), t).toBe(true);
    }
  });

  it('refuses 8 characters without an energy letter where it belongs, and non-plates', () => {
    for (const t of [
      '皖A820273',
      '皖A0HN621',
      '皖AM7Z210',
      '粤BD1234A',
      '粤B1234DD',
      '粤BI12345',
      '京A1234',
      '京AO1234',
      'A京12345',
    ]) {
      expect(isStandardPlateText(t), t).toBe(false);
    }
  });
});

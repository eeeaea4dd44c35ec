import { describe, expect, it } from '@jest/globals';
import { allowedPoints, evaluateEntry, isLeaf, type CriteriaNode, type LeafNode, type ScoreEntry } from '../../domain';
import { miniSet } from './fixtures';

const set = miniSet();
function leaf(code: string): LeafNode {
  const find = (nodes: readonly CriteriaNode[]): LeafNode | undefined => {
    for (const n of nodes) {
      if (n.code === code && isLeaf(n)) return n;
      if (!isLeaf(n)) {
        const found = find(n.children);
        if (found) return found;
      }
    }
    return undefined;
  };
  const found = find(set.nodes);
  if (!found) throw new Error(code);
  return found;
}

function points(code: string, entry: ScoreEntry) {
  const outcome = evaluateEntry(leaf(code), entry);
  if (!outcome.ok) throw new Error(outcome.refusal.message);
  return outcome.notApplicable ? 'N/A' : outcome.points;
}
function refusal(code: string, entry: ScoreEntry) {
  const outcome = evaluateEntry(leaf(code), entry);
  if (outcome.ok) throw new Error(`accepted ${JSON.stringify(entry)}`);
  return outcome.refusal;
}

describe('tiered', () => {
  it.each([100, 50, 0])('accepts the level %p', (p) => expect(points('1.1.1', { points: p })).toBe(p));
  it.each([75, 1, 99, 101, 150])('refuses %p with the allowed levels', (p) => {
    expect(refusal('1.1.1', { points: p })).toMatchObject({ code: 'SCORE_NOT_ALLOWED', nodeCode: '1.1.1', allowed: [100, 50, 0] });
  });
  it('names the levels in the message', () => {
    expect(refusal('1.1.1', { points: 75 }).message).toBe(
      'Tiêu chí thành phần 1.1.1: điểm 0,75 không đúng quy định; các mức được phép: 1,00 (Đúng hạn); 0,50 (Chậm); 0,00 (Không ban hành).',
    );
  });
  it('refuses a missing value, a negative one and keys of other kinds', () => {
    expect(refusal('1.1.1', {}).code).toBe('MISSING_VALUE');
    expect(refusal('1.1.1', { points: -50 }).code).toBe('SCORE_OUT_OF_RANGE');
    expect(refusal('1.1.1', { ratio: 9000 })).toMatchObject({ code: 'UNEXPECTED_VALUE', message: 'Tiêu chí thành phần 1.1.1: tiêu chí loại Theo mức không nhận “ratio”; chỉ nhận: points.' });
    expect(refusal('1.1.1', { points: 0.5 }).code).toBe('INVALID_NUMBER');
  });
});

describe('threshold: bands [0, 70) → 0, [70, 90) → 1, [90, ∞) → 2', () => {
  it.each([
    [0, 0],
    [6999, 0], // 69.99 %
    [7000, 100], // 70.00 % is in the middle band
    [8999, 100],
    [9000, 200], // 90.00 % is in the top band
    [10000, 200],
    [25000, 200], // above 100 %: still the open top band
  ])('ratio %p → %p', (ratio, expected) => {
    expect(points('1.1.2', { ratio })).toBe(expected);
    expect(evaluateEntry(leaf('1.1.2'), { ratio })).toMatchObject({ ok: true, ratio });
  });
  it('accepts points that agree with the ratio and refuses those that do not', () => {
    expect(points('1.1.2', { ratio: 9000, points: 200 })).toBe(200);
    expect(refusal('1.1.2', { ratio: 8500, points: 200 })).toMatchObject({
      code: 'SCORE_MISMATCH',
      expected: 100,
      message: 'Tiêu chí thành phần 1.1.2: với tỷ lệ 85,00% (từ 70,00% đến dưới 90,00%), điểm đúng là 1,00, không phải 2,00.',
    });
  });
  it('accepts points alone only when a band gives them', () => {
    expect(points('1.1.2', { points: 100 })).toBe(100);
    expect(refusal('1.1.2', { points: 150 })).toMatchObject({ code: 'SCORE_NOT_ALLOWED', allowed: [200, 100, 0] });
  });
  it('refuses a negative ratio', () => {
    expect(refusal('1.1.2', { ratio: -1 }).code).toBe('INVALID_NUMBER');
  });
});

describe('binary', () => {
  it.each([
    [{ achieved: true }, 100],
    [{ achieved: false }, 0],
    [{ points: 100 }, 100],
    [{ points: 0 }, 0],
    [{ achieved: true, points: 100 }, 100],
  ])('%p → %p', (entry, expected) => expect(points('1.2', entry)).toBe(expected));
  it('refuses anything between', () => {
    expect(refusal('1.2', { points: 50 })).toMatchObject({ code: 'SCORE_NOT_ALLOWED', allowed: [100, 0] });
    expect(refusal('1.2', { achieved: false, points: 100 })).toMatchObject({ code: 'SCORE_MISMATCH', expected: 0 });
  });
});

describe('formula, proportional (max 2.00, zero denominator → max)', () => {
  it.each([
    [[0, 10], 0],
    [[1, 3], 67], // 0.6667 → 0.67
    [[1, 2], 100],
    [[2, 3], 133], // 1.3333 → 1.33
    [[5, 8], 125],
    [[1, 800], 0], // 0.0025 → 0.00
    [[1, 400], 1], // 0.005 → 0.01 (half-up)
    [[10, 10], 200],
    [[15, 10], 200], // above 100 %: capped at max
    [[0, 0], 200], // nothing arose: max
  ])('%p → %p', ([n, d], expected) => {
    expect(points('1.3', { numerator: n! * 100, denominator: d! * 100 })).toBe(expected);
  });
  it('reports the exact ratio, rounded to a hundredth of a percent', () => {
    expect(evaluateEntry(leaf('1.3'), { numerator: 100, denominator: 300 })).toEqual({ ok: true, points: 67, ratio: 3333, notApplicable: false });
  });
  it('accepts points alone anywhere in [0, max], and refuses more', () => {
    expect(points('1.3', { points: 137 })).toBe(137);
    expect(allowedPoints(leaf('1.3'))).toBeNull();
    expect(refusal('1.3', { points: 201 })).toMatchObject({ code: 'SCORE_OUT_OF_RANGE', message: 'Tiêu chí 1.3: điểm 2,01 vượt điểm tối đa 2,00.' });
  });
  it('refuses a missing variable, naming it', () => {
    expect(refusal('1.3', { numerator: 100 })).toMatchObject({ code: 'MISSING_VALUE', message: 'Tiêu chí 1.3: chưa nhập Tổng số vấn đề.' });
  });
  it('refuses points that do not match the variables', () => {
    expect(refusal('1.3', { numerator: 100, denominator: 200, points: 200 })).toMatchObject({ code: 'SCORE_MISMATCH', expected: 100 });
  });
});

describe('formula, bands [0, 95) → 0, [95, 100) → 0.5, [100, ∞) → 1 (zero denominator → not applicable)', () => {
  it.each([
    [[0, 1000], 0],
    [[9499, 10000], 0], // 94.99 %
    [[9500, 10000], 50], // 95.00 %
    [[18999, 20000], 50], // 94.995 % rounds to 95.00 %: the displayed ratio decides the band
    [[18998, 20000], 0], // 94.99 %
    [[9999, 10000], 50], // 99.99 %
    [[19999, 20000], 100], // 99.995 % rounds to 100.00 %
    [[10000, 10000], 100],
    [[12000, 10000], 100],
  ])('%p → %p', ([n, d], expected) => {
    expect(points('2.1', { numerator: n!, denominator: d! })).toBe(expected);
  });
  it('a zero denominator makes the leaf not applicable', () => {
    expect(points('2.1', { numerator: 0, denominator: 0 })).toBe('N/A');
    expect(refusal('2.1', { numerator: 0, denominator: 0, points: 100 }).code).toBe('SCORE_MISMATCH');
  });
});

describe('bonus and penalty', () => {
  it.each([
    [{ occurrences: 0 }, 0],
    [{ occurrences: 1 }, 50],
    [{ occurrences: 2 }, 100],
    [{ occurrences: 5 }, 100], // capped at the item's max
    [{ points: 50 }, 50],
    [{ points: 100 }, 100],
  ])('bonus %p → %p', (entry, expected) => expect(points('9.1', entry)).toBe(expected));
  it('refuses points that are not a multiple of the step, or above the cap', () => {
    expect(refusal('9.1', { points: 70 })).toMatchObject({ code: 'SCORE_NOT_ALLOWED', allowed: [100, 50, 0] });
    expect(refusal('9.1', { points: 150 }).code).toBe('SCORE_NOT_ALLOWED');
    expect(refusal('9.1', { occurrences: 1.5 }).code).toBe('INVALID_NUMBER');
  });
  it('a penalty without a step takes any points up to its cap', () => {
    expect(points('10.1', { points: 125 })).toBe(125);
    expect(refusal('10.1', { points: 201 }).code).toBe('SCORE_OUT_OF_RANGE');
    expect(refusal('10.1', { occurrences: 1 }).code).toBe('UNEXPECTED_VALUE');
  });
});

describe('survey-scored leaves', () => {
  it.each(['2.2', '2.3'])('%s takes no entry from anyone', (code) => {
    expect(refusal(code, { points: 100 }).code).toBe('NOT_SELF_SCORED');
    expect(allowedPoints(leaf(code))).toEqual([]);
  });
  it('says where the points come from', () => {
    expect(refusal('2.2', {}).message).toBe('Tiêu chí 2.2: điểm lấy từ kết quả điều tra xã hội học, không nhập điểm cho tiêu chí này.');
  });
});

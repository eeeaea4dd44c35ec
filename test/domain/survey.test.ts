import { describe, expect, it } from '@jest/globals';
import { checkSurveyWeights, DEFAULT_SURVEY_WEIGHTS, DomainError, satisfactionPoints, surveyPoints, tallyAnswers } from '../../domain';

describe('surveyPoints (default weights A 100, B 60, C 20, D 0, E not counted)', () => {
  it.each([
    [{ A: 10 }, 200], // everyone A: the maximum
    [{ D: 10 }, 0],
    [{ A: 1, B: 1 }, 160], // mean 80 %
    [{ A: 1, C: 1 }, 120], // mean 60 %
    [{ B: 3 }, 120],
    [{ A: 1, B: 1, C: 1 }, 120], // mean 60 %
    [{ A: 2, D: 1 }, 133], // 66.67 % of 2.00 = 1.3333 → 1.33
    [{ A: 1, B: 2 }, 147], // 73.33 % of 2.00 = 1.4667 → 1.47
    [{ A: 1, E: 50 }, 200], // "don't know" does not dilute
    [{ C: 1, E: 3 }, 40],
  ])('%p → %p hundredths of a 2.00 leaf', (tally, expected) => {
    expect(surveyPoints(200, tally)).toBe(expected);
  });
  it('rounds half-up at the leaf', () => {
    // 0.05 × mean 50 % = 0.025 → 0.03; 0.05 × mean 25 % = 0.0125 → 0.01
    expect(surveyPoints(5, { A: 1, D: 1 })).toBe(3);
    expect(surveyPoints(5, { A: 1, D: 3 })).toBe(1); // 1.25 → 1
  });
  it('returns null — no data, never NaN — when nobody gave a valid answer', () => {
    expect(surveyPoints(200, {})).toBeNull();
    expect(surveyPoints(200, { E: 12 })).toBeNull();
    expect(surveyPoints(200, { A: 0, B: 0 })).toBeNull();
  });
  it('uses the year’s weights', () => {
    expect(surveyPoints(200, { B: 1 }, { A: 100, B: 75, C: 50, D: 0 })).toBe(150);
    expect(surveyPoints(200, { E: 1 }, { ...DEFAULT_SURVEY_WEIGHTS, E: 50 })).toBe(100);
  });
  it('refuses negative or fractional counts', () => {
    expect(() => surveyPoints(200, { A: -1 })).toThrow(DomainError);
    expect(() => surveyPoints(200, { A: 1.5 })).toThrow(DomainError);
  });
  it('tallies raw answers', () => {
    expect(tallyAnswers(['A', 'B', 'A', 'E'])).toEqual({ A: 2, B: 1, E: 1 });
    expect(surveyPoints(200, tallyAnswers(['A', 'B', 'A', 'E']))).toBe(173); // 86.67 % → 1.7333
  });
  it('checks a weights table', () => {
    expect(checkSurveyWeights(DEFAULT_SURVEY_WEIGHTS)).toEqual([]);
    expect(checkSurveyWeights({})).toEqual(['Chưa khai báo trọng số cho phương án trả lời nào.']);
    expect(checkSurveyWeights({ A: 120, B: 0.5 })).toEqual([
      'Trọng số của phương án A phải là số nguyên từ 0 đến 100 (%), nhận được 120.',
      'Trọng số của phương án B phải là số nguyên từ 0 đến 100 (%), nhận được 0.5.',
    ]);
  });
});

describe('satisfactionPoints', () => {
  it.each([
    [10000, 600],
    [8530, 512], // 5.118 → 5.12
    [0, 0],
    [8325, 500], // 4.995 → 5.00 (half-up)
  ])('proportional: %p → %p of a 6.00 leaf', (result, expected) => {
    expect(satisfactionPoints({ max: 600 }, result)).toBe(expected);
  });
  const bands = [
    { from: 9000, to: null, points: 300 },
    { from: 8000, to: 9000, points: 200 },
    { from: 7000, to: 8000, points: 100 },
    { from: 0, to: 7000, points: 0 },
  ];
  it.each([
    [10000, 300],
    [9000, 300],
    [8999, 200],
    [8000, 200],
    [7999, 100],
    [7000, 100],
    [6999, 0],
    [0, 0],
  ])('banded: %p → %p', (result, expected) => {
    expect(satisfactionPoints({ max: 300, bands }, result)).toBe(expected);
  });
  it('refuses a result outside 0–100 %', () => {
    expect(() => satisfactionPoints({ max: 600 }, 10001)).toThrow(DomainError);
    expect(() => satisfactionPoints({ max: 600 }, -1)).toThrow(DomainError);
  });
});

import { describe, expect, it } from '@jest/globals';
import { DEFAULT_SCORING_CONFIG, scoreLeaf, scoreUnit, type UnitScoreInput } from '../../domain';
import { miniSet } from './fixtures';

const set = miniSet();

/** Full marks everywhere in the mini set (bonus and penalty untouched). */
const full: UnitScoreInput['leaves'] = {
  '1.1.1': { self: { points: 100 } },
  '1.1.2': { self: { ratio: 9500 } },
  '1.2': { self: { achieved: true } },
  '1.3': { self: { numerator: 500, denominator: 500 } },
  '2.1': { self: { numerator: 1000, denominator: 1000 } },
  '2.2': { survey: { A: 4 } },
  '2.3': { satisfaction: 10000 },
};

describe('scoreUnit', () => {
  it('gives 100 % for full marks', () => {
    const score = scoreUnit(set, { unitCode: 'STP', leaves: full });
    expect(score).toMatchObject({ unitCode: 'STP', year: 2023, groupCode: 'SO_NGANH', points: 1000, basePoints: 1000, bonus: 0, penalty: 0, max: 1000, index: 10000, noData: [], issues: [] });
    expect(score.fields.map((f) => [f.code, f.points, f.max, f.index])).toEqual([
      ['1', 600, 600, 10000],
      ['2', 400, 400, 10000],
    ]);
  });

  it('gives 0 points against the full maximum when nothing is entered, with survey leaves left out', () => {
    const score = scoreUnit(set, { leaves: {} });
    // 2.2 (survey) and 2.3 (satisfaction) have no data: excluded by default.
    expect(score).toMatchObject({ points: 0, max: 700, index: 0, noData: ['2.2', '2.3'] });
    expect(score.leaves.find((l) => l.code === '1.1.1')).toMatchObject({ status: 'notScored', achieved: 0, max: 100 });
  });

  it('counts survey leaves without data as 0 when the year says so', () => {
    const score = scoreUnit(set, { leaves: full }, { ...DEFAULT_SCORING_CONFIG, noSurveyData: 'zero' });
    expect(score.index).toBe(10000);
    const empty = scoreUnit(set, { leaves: { ...full, '2.2': {}, '2.3': {} } }, { noSurveyData: 'zero' });
    expect(empty).toMatchObject({ points: 700, max: 1000, index: 7000, noData: ['2.2', '2.3'] });
  });

  it('takes round 2 over round 1 over the self-score', () => {
    const leaves = { ...full, '1.1.1': { self: { points: 100 }, appraised: { points: 50 } }, '1.2': { self: { achieved: true }, appraised: { achieved: false }, final: { achieved: true } } };
    const score = scoreUnit(set, { leaves });
    expect(score.points).toBe(950);
    expect(score.leaves.find((l) => l.code === '1.1.1')).toMatchObject({ self: 100, appraised: 50, final: null, achieved: 50 });
    expect(score.leaves.find((l) => l.code === '1.2')).toMatchObject({ self: 100, appraised: 0, final: 100, achieved: 100 });
    const field1 = score.groups.find((g) => g.code === '1');
    expect(field1).toMatchObject({ points: 550, self: 600, appraised: 150 }); // appraisal column: 1.1.1 round 1 (50) + 1.2 round 2 (100)
  });

  it('computes the index from exact totals, rounding once', () => {
    // 1.1.1 = 0.5; 1.1.2 = 1; 1.2 = 0; 1.3 = 2 × 1/3 = 0.67; 2.1 = 0; 2.2 = 2 × 60 % = 1.2; 2.3 = 0.8533 → 0.85
    const leaves = {
      '1.1.1': { self: { points: 50 } },
      '1.1.2': { self: { ratio: 7000 } },
      '1.2': { self: { achieved: false } },
      '1.3': { self: { numerator: 100, denominator: 300 } },
      '2.1': { self: { numerator: 9000, denominator: 10000 } },
      '2.2': { survey: { B: 5, E: 2 } },
      '2.3': { satisfaction: 8533 },
    };
    const score = scoreUnit(set, { leaves });
    expect(score.points).toBe(50 + 100 + 0 + 67 + 0 + 120 + 85);
    expect(score.index).toBe(4220); // 4.22 / 10.00
    expect(score.fields.map((f) => f.index)).toEqual([3617, 5125]); // 2.17 / 6.00 = 36.1666… ; 2.05 / 4.00
  });

  it('leaves a not-applicable leaf out of points and maximum', () => {
    const score = scoreUnit(set, { leaves: { ...full, '1.2': { notApplicable: true, self: { achieved: false } } } });
    expect(score).toMatchObject({ points: 900, max: 900, index: 10000 });
    expect(score.leaves.find((l) => l.code === '1.2')).toMatchObject({ status: 'notApplicable', max: 0, achieved: null, self: null });
  });

  it('leaves a not-applicable field or criterion out', () => {
    const score = scoreUnit(set, { leaves: { ...full, '1.1.1': { self: { points: 0 } } }, notApplicable: ['2', '1.1'] });
    expect(score).toMatchObject({ points: 300, max: 300, index: 10000 });
    expect(score.fields.find((f) => f.code === '2')).toMatchObject({ points: 0, max: 0, index: null, notApplicable: true });
    expect(score.groups.find((g) => g.code === '1.1')).toMatchObject({ notApplicable: true });
  });

  it('applies a formula whose zero denominator makes it not applicable', () => {
    const score = scoreUnit(set, { leaves: { ...full, '2.1': { self: { numerator: 0, denominator: 0 } } } });
    expect(score).toMatchObject({ points: 900, max: 900 });
  });

  it('has no index when nothing applies', () => {
    const score = scoreUnit(set, { leaves: {}, notApplicable: ['1', '2'] });
    expect(score).toMatchObject({ points: 0, max: 0, index: null });
  });

  it('adds the bonus and subtracts the penalty within each section’s cap, and stays within [0, max]', () => {
    const half = { ...full, '1.3': { self: { numerator: 0, denominator: 100 } }, '1.1.2': { self: { ratio: 0 } } }; // 6.00 of 10.00
    expect(scoreUnit(set, { leaves: { ...half, '9.1': { self: { occurrences: 1 } } } })).toMatchObject({ basePoints: 600, bonus: 50, points: 650, index: 6500 });
    // Penalty 2.00 entered, section cap 1.50.
    expect(scoreUnit(set, { leaves: { ...half, '10.1': { self: { points: 200 } } } })).toMatchObject({ penalty: 150, points: 450 });
    // Bonus cannot lift the unit above its maximum.
    expect(scoreUnit(set, { leaves: { ...full, '9.1': { self: { occurrences: 2 } } } })).toMatchObject({ bonus: 100, points: 1000, index: 10000 });
    // Penalty cannot take it below 0.
    expect(scoreUnit(set, { leaves: { '10.1': { self: { points: 200 } } } })).toMatchObject({ penalty: 150, points: 0, index: 0 });
    const section = scoreUnit(set, { leaves: { '10.1': { self: { points: 200 } } } }).groups.find((g) => g.code === '10');
    expect(section).toMatchObject({ adjustment: 'penalty', points: 150, max: 150, index: null });
  });

  it('reports entries that break a rule, counts them as 0, and keeps going', () => {
    const score = scoreUnit(set, { leaves: { ...full, '1.1.1': { self: { points: 75 } }, '2.2': { survey: { A: 2 }, self: { points: 200 } } } });
    expect(score.points).toBe(900);
    expect(score.issues.map((i) => [i.code, i.nodeCode])).toEqual([
      ['SCORE_NOT_ALLOWED', '1.1.1'],
      ['NOT_SELF_SCORED', '2.2'],
    ]);
  });

  it('reports inputs for codes the set does not have', () => {
    const score = scoreUnit(set, { leaves: { ...full, '1.9': { self: { points: 1 } }, '1.1': { self: { points: 1 } } }, notApplicable: ['7'] });
    expect(score.issues.map((i) => [i.code, i.nodeCode])).toEqual([
      ['UNKNOWN_NODE', '1.9'],
      ['UNKNOWN_NODE', '1.1'],
      ['UNKNOWN_NODE', '7'],
    ]);
    expect(score.index).toBe(10000);
  });

  it('reports unusable survey data instead of throwing', () => {
    const score = scoreUnit(set, { leaves: { ...full, '2.2': { survey: { A: -1 } }, '2.3': { satisfaction: 12000 } } });
    expect(score.issues.map((i) => [i.code, i.nodeCode])).toEqual([
      ['INVALID_NUMBER', '2.2'],
      ['INVALID_NUMBER', '2.3'],
    ]);
    expect(score.noData).toEqual(['2.2', '2.3']);
  });

  it('refuses survey input on a self-scored leaf', () => {
    const result = scoreLeaf({ code: '1.2', title: 't', max: 100, kind: 'binary', scoredBy: 'self', method: 'm', evidence: 'e' }, { self: { achieved: true }, survey: { A: 1 } });
    expect(result).toMatchObject({ achieved: 100, issues: [expect.objectContaining({ code: 'UNEXPECTED_VALUE' })] });
  });
});

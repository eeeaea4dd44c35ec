import { describe, expect, it } from '@jest/globals';
import {
  computeUnitResults,
  decisionPoints,
  DEFAULT_EXCLUSION_REASON,
  NO_RESULT_REASON,
  rankingEntry,
  round1Points,
  standingPoints,
  yearRanking,
  type LeafRecord,
  type UnitResultsInput,
} from '../../domain';
import { defaultYearConfig } from '../../domain/year-config';
import { miniSet } from './fixtures';

const set = miniSet();
const config = defaultYearConfig(2023);

const record = (leafCode: string, r: Partial<LeafRecord>): LeafRecord => ({
  leafCode,
  notApplicable: false,
  self: null,
  selfNote: null,
  appraisalAction: null,
  round1: null,
  round1Reason: null,
  explanation: null,
  explanationResult: null,
  round2: null,
  round2Reason: null,
  surveyInput: null,
  ...r,
});

const unit = (unitCode: string, records: LeafRecord[], extra: Partial<UnitResultsInput> = {}): UnitResultsInput => ({ unitCode, records, submitted: true, exclusion: null, ...extra });

// Every stage: adjusted in round 1, accepted, not applicable (flag and zero denominator), explained and
// upheld in round 2, a frozen survey, a satisfaction leaf without data, a bonus and a penalty.
const snv = computeUnitResults(
  set,
  unit('SNV', [
    record('1.1.1', { self: { points: 100 }, appraisalAction: 'adjust', round1: round1Points(50, 100), round1Reason: 'Ban hành chậm' }),
    record('1.1.2', { self: { ratio: 8500 }, selfNote: '17/20 nhiệm vụ', appraisalAction: 'accept', round1: round1Points(null, 100) }),
    record('1.2', { notApplicable: true }),
    record('1.3', {
      self: { numerator: 100, denominator: 300 },
      appraisalAction: 'explain',
      round1: round1Points(null, 67),
      explanation: 'Đã xử lý thêm 100 vấn đề',
      explanationResult: 'upheld',
      round2: decisionPoints('upheld', 133, { selfPoints: 67, round1: 67 }),
      round2Reason: 'Có căn cứ',
    }),
    record('2.1', { self: { numerator: 0, denominator: 0 } }),
    record('2.2', { surveyInput: { survey: { A: 1, B: 1 } } }),
    record('9.1', { self: { occurrences: 1 } }),
    record('10.1', { self: { points: 25 } }),
  ]),
  config,
);

describe('computeUnitResults', () => {
  it('gives the points of every leaf at every stage', () => {
    const leaf = (code: string) => snv.leaves.find((l) => l.code === code)!;
    expect(leaf('1.1.1')).toMatchObject({ fieldCode: '1', self: 100, appraisalAction: 'adjust', round1: 50, round1Reason: 'Ban hành chậm', round2: null, achieved: 50 });
    expect(leaf('1.1.2')).toMatchObject({ self: 100, round1: 100, achieved: 100, selfNote: '17/20 nhiệm vụ' });
    expect(leaf('1.2')).toMatchObject({ status: 'notApplicable', max: 0, achieved: null });
    expect(leaf('1.3')).toMatchObject({ self: 67, round1: 67, explanation: 'Đã xử lý thêm 100 vấn đề', explanationResult: 'upheld', round2: 133, round2Reason: 'Có căn cứ', achieved: 133 });
    expect(leaf('2.1')).toMatchObject({ status: 'notApplicable', achieved: null });
    expect(leaf('2.2')).toMatchObject({ scoredBy: 'survey', survey: 160, achieved: 160 });
    expect(leaf('2.3')).toMatchObject({ status: 'noData', achieved: null });
    expect(leaf('9.1')).toMatchObject({ fieldCode: '9', achieved: 50 });
  });

  it('totals fields, bonus and penalty into the points, the index and the class', () => {
    // Field 1: 0,50 + 1,00 + 1,33 of 5,00; field 2: 1,60 of 2,00; + 0,50 bonus − 0,25 penalty = 4,68 of 7,00.
    expect(snv.fields.map((f) => [f.code, f.points, f.max, f.index, f.adjustment ?? null])).toEqual([
      ['1', 283, 500, 5660, null],
      ['2', 160, 200, 8000, null],
      ['9', 50, 100, null, 'bonus'],
      ['10', 25, 150, null, 'penalty'],
    ]);
    expect([snv.basePoints, snv.bonus, snv.penalty, snv.points, snv.max, snv.index]).toEqual([443, 50, 25, 468, 700, 6686]);
    expect(snv.classification?.label).toBe('Trung bình');
    expect(snv.hasResult).toBe(true);
  });

  it('counts leaves the same way for the unit and for each field', () => {
    expect(snv.counts).toEqual({ leaves: 9, notApplicable: 2, scorable: 5, scored: 5, unscored: 0, surveyed: 1, noData: 1, appraised: 3, flagged: 1, explained: 1, decided: 1 });
    expect(snv.fields.find((f) => f.code === '1')!.counts).toMatchObject({ leaves: 4, notApplicable: 1, scorable: 3, scored: 3, appraised: 3, flagged: 1 });
    expect(snv.fields.find((f) => f.code === '2')!.counts).toMatchObject({ leaves: 3, notApplicable: 1, scorable: 0, surveyed: 1, noData: 1 });
  });

  it('is what the score sheet shows, with the appraisers reasons as notes', () => {
    expect([snv.sheet.points, snv.sheet.max, snv.sheet.index]).toEqual([snv.points, snv.max, snv.index]);
    const total = snv.sheet.rows[snv.sheet.rows.length - 1]!;
    expect([total.achieved, total.max]).toEqual([468, 700]);
    expect(snv.sheet.rows.find((r) => r.code === '1.1.1')!.note).toBe('Thẩm định: Ban hành chậm');
    expect(snv.sheet.rows.find((r) => r.code === '1.3')!.note).toContain('Thẩm định vòng 2: Có căn cứ');
  });

  it('leaves a unit that entered nothing and did not submit without a result and a class', () => {
    const none = computeUnitResults(set, unit('SYT', [], { submitted: false }), config);
    expect(none).toMatchObject({ hasResult: false, classification: null, points: 0, counts: expect.objectContaining({ scorable: 7, scored: 0, unscored: 7 }) });
    // Marking a leaf not applicable is not a result either; submitting an empty sheet is.
    expect(computeUnitResults(set, unit('HLB', [record('1.2', { notApplicable: true })], { submitted: false }), config).hasResult).toBe(false);
    expect(computeUnitResults(set, unit('HNH', []), config)).toMatchObject({ hasResult: true, index: 0, classification: { code: 'E' } });
  });

  it('takes the live survey input where no input is frozen yet', () => {
    const live = computeUnitResults(set, unit('STP', [], { liveSurvey: { '2.2': { survey: { A: 2 } }, '2.3': { satisfaction: 8000 } } }), config);
    expect(live.leaves.filter((l) => l.scoredBy !== 'self').map((l) => [l.code, l.survey])).toEqual([
      ['2.2', 200],
      ['2.3', 80],
    ]);
  });

  it('keeps an excluded unit score, with the default reason when none was recorded', () => {
    const excluded = computeUnitResults(set, unit('STC', [record('1.1.1', { self: { points: 100 } })], { exclusion: { reason: null } }), config);
    expect(excluded).toMatchObject({ exclusion: { reason: DEFAULT_EXCLUSION_REASON }, classification: null, points: 100 });
    expect(rankingEntry(excluded)).toMatchObject({ unitCode: 'STC', exclusion: { reason: 'Thiếu trung thực' } });
  });
});

describe('yearRanking', () => {
  it('ranks units with a result per group in the given group order; lists the others apart', () => {
    const of = (code: string, groupCode: string, points: number, extra: Partial<UnitResultsInput> = {}) => {
      const r = computeUnitResults({ ...set, groupCode }, unit(code, points ? [record('1.1.1', { self: { points } })] : [], extra), config);
      return r;
    };
    const ranking = yearRanking(
      [of('SNV', 'SO_NGANH', 100), of('STP', 'SO_NGANH', 50), of('SCT', 'SO_NGANH', 100), of('SYT', 'SO_NGANH', 0, { submitted: false }), of('STC', 'SO_NGANH', 100, { exclusion: { reason: 'Kê khai sai' } }), of('HLB', 'HUYEN', 50)],
      config,
      ['SO_NGANH', 'HUYEN'],
    );
    expect(ranking.map((g) => g.groupCode)).toEqual(['SO_NGANH', 'HUYEN']);
    const departments = ranking[0]!;
    expect(departments.ranked.map((u) => [u.rank, u.unitCode])).toEqual([
      [1, 'SCT'],
      [1, 'SNV'],
      [3, 'STP'],
    ]);
    expect(departments.unranked.map((u) => [u.unitCode, u.cause, u.reason, u.index])).toEqual([
      ['STC', 'EXCLUDED', 'Kê khai sai', expect.any(Number)],
      ['SYT', 'NO_RESULT', NO_RESULT_REASON, null],
    ]);
  });
});

describe('appraisal precedence', () => {
  it('accepting keeps the unit score; a rejected explanation keeps round 1; upheld gives the unit score back', () => {
    expect(round1Points(null, 150)).toBe(150);
    expect(round1Points(null, null)).toBe(0);
    expect(round1Points(75, 150)).toBe(75);
    expect(decisionPoints('rejected', null, { selfPoints: 150, round1: 75 })).toBe(75);
    expect(decisionPoints('upheld', null, { selfPoints: 150, round1: 75 })).toBe(150);
    expect(decisionPoints('upheld', 100, { selfPoints: 150, round1: 75 })).toBe(100);
    expect(decisionPoints('explain', null, { selfPoints: 150, round1: 75 })).toBeNull();
  });

  it('stands at the decision once made, else round 1 once appraised, else the unit own score', () => {
    const base = { selfPoints: 150, appraisalAction: null, round1: null, explanationResult: null, round2: null };
    expect(standingPoints(null)).toBeNull();
    expect(standingPoints(base)).toBe(150);
    expect(standingPoints({ ...base, appraisalAction: 'adjust', round1: 75 })).toBe(75);
    expect(standingPoints({ ...base, appraisalAction: 'explain', round1: 75, round2: 150 })).toBe(75);
    expect(standingPoints({ ...base, appraisalAction: 'explain', round1: 75, explanationResult: 'upheld', round2: 150 })).toBe(150);
  });
});

import { describe, expect, it } from '@jest/globals';
import { DEFAULT_REVIEW_CONFIG } from '../../domain/review/config';
import {
  harshAppraisers,
  largestCuts,
  leafOutliers,
  missingEvidence,
  noteSimilarity,
  normaliseNote,
  robustZ,
  sameEvidence,
  sameNotes,
  yearChanges,
  type ReviewLeaf,
  type ReviewUnit,
} from '../../domain/review/detectors';

/** Hand-built units: each leaf is [code, max, self, round1, note?]; achieved is round 1 or self. */
const leaf = (code: string, max: number, self: number | null, round1: number | null = null, selfNote: string | null = null): ReviewLeaf => ({
  code,
  fieldCode: code.split('.')[0]!,
  scoredBy: 'self',
  status: self === null ? 'notScored' : 'scored',
  max,
  self,
  selfNote,
  round1,
  achieved: round1 ?? self,
});
const unit = (unitCode: string, leaves: ReviewLeaf[], extra: Partial<ReviewUnit> = {}): ReviewUnit => ({
  unitCode,
  groupCode: 'SO_NGANH',
  index: null,
  exclusion: null,
  fields: [],
  leaves,
  ...extra,
});

describe('full points without the evidence the leaf requires', () => {
  const units = [unit('A', [leaf('1.1.1', 50, 50), leaf('1.1.2', 100, 50)]), unit('B', [leaf('1.1.1', 50, 50)])];
  const evidence = (u: string) => (u === 'B' ? 1 : 0);
  it('flags full points with no file, and any points when so configured', () => {
    expect(missingEvidence(units, () => true, evidence, { evidenceFinding: 'full' }).map((f) => f.key)).toEqual(['MISSING_EVIDENCE/A/1.1.1']);
    expect(missingEvidence(units, () => true, evidence, { evidenceFinding: 'any' }).map((f) => f.key)).toEqual(['MISSING_EVIDENCE/A/1.1.1', 'MISSING_EVIDENCE/A/1.1.2']);
  });
  it('does not flag a leaf with a file, one that requires none, or zero points', () => {
    expect(missingEvidence(units, () => false, evidence, { evidenceFinding: 'any' })).toEqual([]);
    expect(missingEvidence([unit('A', [leaf('1.1.1', 50, 0)])], () => true, () => 0, { evidenceFinding: 'any' })).toEqual([]);
  });
});

describe('largest cuts', () => {
  it('lists the units and fields with the largest cuts, at most the configured number', () => {
    const units = [unit('A', [leaf('1.1', 100, 100, 0), leaf('2.1', 100, 100, 50)]), unit('B', [leaf('1.1', 100, 100, 75)]), unit('C', [leaf('1.1', 100, 100, 100)])];
    const found = largestCuts(units, { largestCuts: 1 });
    expect(found.map((f) => [f.key, f.figures.cut])).toEqual([
      ['LARGE_CUT/A', 150],
      ['LARGE_CUT/A/1', 100],
    ]);
    expect(largestCuts([units[2]!], { largestCuts: 5 })).toEqual([]);
  });
});

describe('appraisers who stand out (robust z-score over members)', () => {
  it('computes z from median and scaled MAD', () => {
    expect(robustZ([1, 2, 3, 4, 100]).map((z) => Math.round(z * 100) / 100)).toEqual([-1.35, -0.67, 0, 0.67, 65.43]);
  });
  // Members m1…m5 appraise field k of ten units; mK cuts `cuts[k]` of them by 10 points.
  const build = (cuts: number[]) =>
    Array.from({ length: 10 }, (_, i) =>
      unit(`U${i}`, cuts.map((c, k) => leaf(`${k + 1}.1`, 100, 100, i < c ? 90 : 100))),
    );
  const appraiserOf = (_: string, field: string) => `m${field}`;
  it('flags a member at the threshold and not just below it', () => {
    // Cut rates 0.1, 0.2, 0.2, 0.3, x: median 0.2, MAD 0.1 → z = (x − 0.2) / 0.14826.
    const at = 0.2 + 2.5 * 0.14826;
    expect(harshAppraisers(build([1, 2, 2, 3, Math.ceil(at * 10)]), appraiserOf, { appraiserZ: 2.5, appraiserMinMembers: 3 }).map((f) => f.members)).toEqual([['m5']]);
    expect(harshAppraisers(build([1, 2, 2, 3, 5]), appraiserOf, { appraiserZ: 2.5, appraiserMinMembers: 3 })).toEqual([]);
  });
  it('needs enough members to compare', () => {
    expect(harshAppraisers(build([0, 10]), appraiserOf, { appraiserZ: 2.5, appraiserMinMembers: 3 })).toEqual([]);
  });
});

describe('the same leaf across a group', () => {
  const config = { leafMajority: 0.75, leafLowRatio: 0.5, leafHighRatio: 1, leafMinUnits: 4 };
  it('flags a unit at full points where at least the majority of the others score low', () => {
    const units = [unit('A', [leaf('2.1', 100, 100)]), unit('B', [leaf('2.1', 100, 0)]), unit('C', [leaf('2.1', 100, 50)]), unit('D', [leaf('2.1', 100, 0)]), unit('E', [leaf('2.1', 100, 100)])];
    // A: of the other four, three (75 %) score at most half → flagged; likewise E.
    expect(leafOutliers(units, config).map((f) => f.key)).toEqual(['LEAF_OUTLIER/SO_NGANH/2.1/A', 'LEAF_OUTLIER/SO_NGANH/2.1/E']);
    // Just below the majority: two of four.
    const fewer = [...units.slice(0, 4).map((u, i) => (i === 2 ? unit('C', [leaf('2.1', 100, 60)]) : u)), units[4]!];
    expect(leafOutliers(fewer, config)).toEqual([]);
  });
  it('flags the reverse: a unit at zero where most score full', () => {
    const units = ['A', 'B', 'C', 'D'].map((c) => unit(c, [leaf('3.1', 100, c === 'A' ? 0 : 100)]));
    expect(leafOutliers(units, config).map((f) => f.summary)).toEqual(['A chỉ đạt 0% điểm tối đa tiêu chí 3.1, trong khi 100% đơn vị cùng nhóm đạt từ 100%.']);
  });
});

describe('year on year', () => {
  const config = { yearIndexPoints: 1500, yearFieldPoints: 2000 };
  const withIndex = (code: string, index: number, field = 5000) => unit(code, [], { index, fields: [{ code: '1', index: field }] });
  it('flags a change of more than the configured points, not one equal to it', () => {
    expect(yearChanges([withIndex('A', 8501), withIndex('B', 8500)], [withIndex('A', 7000), withIndex('B', 7000)], config).map((f) => f.key)).toEqual(['YEAR_CHANGE/A']);
    expect(yearChanges([withIndex('A', 7000, 7001)], [withIndex('A', 7000, 5000)], config).map((f) => [f.key, f.figures.change])).toEqual([['YEAR_CHANGE/A/1', 2001]]);
  });
  it('ignores units without a previous year', () => {
    expect(yearChanges([withIndex('A', 9000)], [], config)).toEqual([]);
  });
});

describe('identical notes and files across units', () => {
  const text = 'Đã hoàn thành 100% nhiệm vụ theo kế hoạch CCHC năm; chi tiết tại báo cáo CCHC năm của cơ quan.';
  it('matches notes that differ in case, spacing and punctuation, and near-identical ones at the threshold', () => {
    expect(normaliseNote('  Kế hoạch,  SỐ 15! ')).toBe('kế hoạch số 15');
    const units = [unit('A', [leaf('1.1', 100, 100, null, text)]), unit('B', [leaf('1.2', 100, 100, null, text.toUpperCase().replace(';', ' ;'))])];
    expect(sameNotes(units, DEFAULT_REVIEW_CONFIG).map((f) => [f.key, f.figures.similarity])).toEqual([['SAME_NOTE/A/1.1/B/1.2', 1]]);
    const near = `${text} Đã gửi Sở Nội vụ`;
    const s = noteSimilarity(normaliseNote(text), normaliseNote(near));
    const other = [units[0]!, unit('B', [leaf('1.2', 100, 100, null, near)])];
    expect(sameNotes(other, { noteMinLength: 30, noteSimilarity: s })).toHaveLength(1);
    expect(sameNotes(other, { noteMinLength: 30, noteSimilarity: s + 0.001 })).toEqual([]);
  });
  it('does not compare a unit with itself or short notes', () => {
    expect(sameNotes([unit('A', [leaf('1.1', 1, 1, null, text), leaf('1.2', 1, 1, null, text)])], DEFAULT_REVIEW_CONFIG)).toEqual([]);
    expect(sameNotes([unit('A', [leaf('1.1', 1, 1, null, 'Đạt')]), unit('B', [leaf('1.1', 1, 1, null, 'Đạt')])], DEFAULT_REVIEW_CONFIG)).toEqual([]);
  });
  it('flags one file uploaded by two units, not by one unit twice', () => {
    const f = (unitCode: string, leafCode: string, sha256: string) => ({ unitCode, groupCode: 'SO_NGANH', leafCode, sha256, fileName: 'ke-hoach.pdf' });
    expect(sameEvidence([f('A', '1.1', 'aa'), f('B', '1.1', 'aa'), f('C', '1.1', 'bb'), f('C', '1.2', 'bb')]).map((x) => [x.key, x.units])).toEqual([['SAME_EVIDENCE/aa', ['A', 'B']]]);
  });
});

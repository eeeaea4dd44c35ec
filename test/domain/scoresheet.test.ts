import { describe, expect, it } from '@jest/globals';
import { buildScoreSheet, SCORE_SHEET_COLUMNS, scoreSheetTable, scoreUnit } from '../../domain';
import { loadSample, miniSet } from './fixtures';

const set = miniSet();
const score = scoreUnit(set, {
  unitCode: 'STP',
  leaves: {
    '1.1.1': { self: { points: 100 }, appraised: { points: 50 } },
    '1.1.2': { self: { ratio: 8500 }, note: 'Hoàn thành 17/20 nhiệm vụ' },
    '1.2': { notApplicable: true },
    '1.3': { self: { numerator: 100, denominator: 300 }, final: { numerator: 200, denominator: 300 } },
    '2.1': { self: { points: 75 } },
    '2.2': { survey: { A: 1, B: 1 } },
    '9.1': { self: { occurrences: 1 } },
    '10.1': { self: { points: 25 } },
  },
});
const sheet = buildScoreSheet(set, score, { '1.1.1': 'Ban hành ngày 05/01/2023' });

describe('buildScoreSheet', () => {
  it('has a row per node in tree order, then the total', () => {
    expect(sheet.rows.map((r) => [r.type, r.code])).toEqual([
      ['field', '1'],
      ['criterion', '1.1'],
      ['subCriterion', '1.1.1'],
      ['subCriterion', '1.1.2'],
      ['criterion', '1.2'],
      ['criterion', '1.3'],
      ['field', '2'],
      ['criterion', '2.1'],
      ['criterion', '2.2'],
      ['criterion', '2.3'],
      ['bonusSection', '9'],
      ['bonusItem', '9.1'],
      ['penaltySection', '10'],
      ['penaltyItem', '10.1'],
      ['total', ''],
    ]);
    expect(sheet).toMatchObject({ unitCode: 'STP', year: 2023, groupCode: 'SO_NGANH', sample: true });
  });

  it('fills the standard columns for leaves', () => {
    const row = (code: string) => sheet.rows.find((r) => r.code === code)!;
    expect(row('1.1.1')).toMatchObject({ max: 100, self: 100, appraised: 50, achieved: 50, index: 5000, survey: null, note: 'Ban hành ngày 05/01/2023' });
    expect(row('1.1.2')).toMatchObject({ max: 200, self: 100, achieved: 100, index: 5000, note: 'Tỷ lệ 85,00%; Hoàn thành 17/20 nhiệm vụ' });
    expect(row('1.2')).toMatchObject({ max: null, declaredMax: 100, achieved: null, index: null, notApplicable: true, note: 'Không áp dụng' });
    expect(row('1.3')).toMatchObject({ self: 67, appraised: 133, achieved: 133, note: 'Tỷ lệ 66,67%' });
    expect(row('2.1').note).toContain('Tiêu chí 2.1: điểm 0,75 không đúng quy định');
    expect(row('2.2')).toMatchObject({ survey: 160, self: null, achieved: 160, index: 8000 });
    expect(row('2.3')).toMatchObject({ max: null, achieved: null, note: 'Chưa có kết quả điều tra, khảo sát (không tính điểm và điểm tối đa)' });
  });

  it('fills subtotals for fields and criteria, and the sections with their caps', () => {
    const row = (code: string) => sheet.rows.find((r) => r.code === code)!;
    // Field 1: 1.1.1 = 0.5, 1.1.2 = 1, 1.3 = 1.33 of 1 + 2 + 2 = 5 (1.2 left out).
    expect(row('1')).toMatchObject({ max: 500, self: 100 + 100 + 67, appraised: 50 + 133, achieved: 283, index: 5660 });
    expect(row('1.1')).toMatchObject({ max: 300, achieved: 150, index: 5000 });
    expect(row('2')).toMatchObject({ max: 300, survey: 160, achieved: 160, index: 5333 });
    expect(row('9')).toMatchObject({ max: 100, achieved: 50, index: null });
    expect(row('10')).toMatchObject({ max: 150, achieved: 25 });
    expect(row('')).toMatchObject({ title: 'Tổng cộng', max: 800, achieved: 283 + 160 + 50 - 25, index: 5850, note: 'Đã cộng 0,50 điểm thưởng; Đã trừ 0,25 điểm' });
    expect(sheet).toMatchObject({ points: 468, max: 800, index: 5850 });
  });

  it('renders as a table of Vietnamese display strings', () => {
    const table = scoreSheetTable(sheet);
    expect(table[0]).toEqual(SCORE_SHEET_COLUMNS.map((c) => c.label));
    expect(table[0]).toEqual(['STT', 'Lĩnh vực/Tiêu chí/Tiêu chí thành phần', 'Điểm tối đa', 'Điểm điều tra XHH', 'Điểm tự đánh giá', 'Điểm thẩm định', 'Điểm đạt được', 'Chỉ số (%)', 'Ghi chú']);
    expect(table.find((r) => r[0] === '1.1.1')).toEqual(['1.1.1', 'Ban hành kế hoạch kịp thời', '1,00', '', '1,00', '0,50', '0,50', '50,00', 'Ban hành ngày 05/01/2023']);
    expect(table[table.length - 1]!.slice(0, 8)).toEqual(['', 'Tổng cộng', '8,00', '1,60', '2,67', '1,83', '4,68', '58,50']);
  });

  it('covers a whole sample set', () => {
    const sample = loadSample('districts');
    const s = buildScoreSheet(sample, scoreUnit(sample, { leaves: {} }));
    expect(s.rows.filter((r) => r.leaf)).toHaveLength(73);
    expect(s.rows[s.rows.length - 1]).toMatchObject({ type: 'total', max: 10000 - 3700 });
  });
});

import { describe, expect, it } from '@jest/globals';
import { checkClassification, classify, DEFAULT_CLASSIFICATION, DomainError, rankUnits, type RankingEntry } from '../../domain';

const e = (unitCode: string, index: number | null, extra: Partial<RankingEntry> = {}): RankingEntry => ({ unitCode, groupCode: 'SO_NGANH', index, ...extra });

describe('rankUnits', () => {
  it('ranks by index, highest first; equal indices share a rank and the next rank skips', () => {
    const [group] = rankUnits([e('SYT', 8000), e('STP', 9449), e('SNV', 9000), e('SCT', 9000), e('SXD', 7000)]);
    expect(group!.ranked.map((r) => [r.rank, r.unitCode, r.index])).toEqual([
      [1, 'STP', 9449],
      [2, 'SCT', 9000], // tie: ordered by unit code
      [2, 'SNV', 9000],
      [4, 'SYT', 8000],
      [5, 'SXD', 7000],
    ]);
  });

  it('ties only on equality to the hundredth', () => {
    const [group] = rankUnits([e('A1', 9000), e('A2', 8999), e('A3', 9000), e('A4', 8999), e('A5', 8999)]);
    expect(group!.ranked.map((r) => r.rank)).toEqual([1, 1, 3, 3, 3]);
  });

  it('ranks each group separately, groups in code order', () => {
    const rankings = rankUnits([e('SNV', 9000), { unitCode: 'HUYEN_NAHANG', groupCode: 'HUYEN', index: 8500 }, e('STP', 9500), { unitCode: 'HUYEN_YENSON', groupCode: 'HUYEN', index: 9100 }]);
    expect(rankings.map((g) => [g.groupCode, g.ranked.map((r) => `${r.rank}:${r.unitCode}`)])).toEqual([
      ['HUYEN', ['1:HUYEN_YENSON', '2:HUYEN_NAHANG']],
      ['SO_NGANH', ['1:STP', '2:SNV']],
    ]);
  });

  it('lists excluded units apart, with their reason, score kept and no rank', () => {
    const [group] = rankUnits([
      e('STP', 9449, { points: 6262, max: 6627 }),
      e('SNV', 9900, { points: 6600, max: 6667, exclusion: { reason: 'Cung cấp tài liệu kiểm chứng không trung thực' } }),
      e('SYT', 8000),
      e('BDT', null),
    ]);
    expect(group!.ranked.map((r) => [r.rank, r.unitCode])).toEqual([
      [1, 'STP'],
      [2, 'SYT'],
    ]);
    expect(group!.ranked[0]).toMatchObject({ points: 6262, max: 6627, classification: { code: 'A', label: 'Xuất sắc' } });
    expect(group!.unranked).toEqual([
      { unitCode: 'BDT', index: null, cause: 'NO_INDEX', reason: 'Không có tiêu chí nào áp dụng cho đơn vị nên không tính được chỉ số.' },
      { unitCode: 'SNV', index: 9900, points: 6600, max: 6667, cause: 'EXCLUDED', reason: 'Cung cấp tài liệu kiểm chứng không trung thực' },
    ]);
  });

  it('refuses a unit listed twice and an exclusion without a reason', () => {
    expect(() => rankUnits([e('STP', 1), e('STP', 2)])).toThrow(DomainError);
    expect(() => rankUnits([e('STP', 1, { exclusion: { reason: '  ' } })])).toThrow(DomainError);
  });

  it('classifies with the year’s thresholds', () => {
    const custom = [
      { code: 'A', label: 'Nhóm A', minIndex: 9500 },
      { code: 'B', label: 'Nhóm B', minIndex: 0 },
    ];
    const [group] = rankUnits([e('STP', 9449)], custom);
    expect(group!.ranked[0]!.classification).toEqual({ code: 'B', label: 'Nhóm B', minIndex: 0 });
  });
});

describe('classify (default: A ≥ 90, B 80–<90, C 70–<80, D 50–<70, E < 50)', () => {
  it.each([
    [10000, 'A', 'Xuất sắc'],
    [9000, 'A', 'Xuất sắc'],
    [8999, 'B', 'Tốt'],
    [8000, 'B', 'Tốt'],
    [7999, 'C', 'Khá'],
    [7000, 'C', 'Khá'],
    [6999, 'D', 'Trung bình'],
    [5000, 'D', 'Trung bình'],
    [4999, 'E', 'Yếu'],
    [0, 'E', 'Yếu'],
  ])('%p → %s %s', (index, code, label) => {
    expect(classify(index)).toMatchObject({ code, label });
  });
  it('returns null below the lowest band of a table that does not start at 0', () => {
    expect(classify(100, [{ code: 'A', label: 'A', minIndex: 9000 }])).toBeNull();
  });
  it('checks a table', () => {
    expect(checkClassification(DEFAULT_CLASSIFICATION)).toEqual([]);
    expect(
      checkClassification([
        { code: 'A', label: 'A', minIndex: 8000 },
        { code: 'A', label: 'B', minIndex: 9000 },
      ]),
    ).toEqual(['Mã xếp loại A bị trùng.', 'Các mức xếp loại phải theo thứ tự ngưỡng giảm dần (A rồi A).', 'Mức thấp nhất (A) phải bắt đầu từ 0,00%, không phải 90,00%.']);
  });
});

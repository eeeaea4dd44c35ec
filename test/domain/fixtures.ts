import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCriteriaSet, type CriteriaSet } from '../../domain';

/** A small valid set with one leaf of every kind, for table-driven tests. */
export function miniSet(): CriteriaSet {
  return {
    format: 'par-criteria-set',
    version: 1,
    year: 2023,
    groupCode: 'SO_NGANH',
    title: 'Bộ tiêu chí thử',
    sample: true,
    scale: 1000,
    nodes: [
      {
        code: '1',
        title: 'Công tác chỉ đạo, điều hành CCHC',
        max: 600,
        children: [
          {
            code: '1.1',
            title: 'Kế hoạch CCHC năm',
            max: 300,
            children: [
              {
                code: '1.1.1',
                title: 'Ban hành kế hoạch kịp thời',
                max: 100,
                kind: 'tiered',
                scoredBy: 'self',
                levels: [
                  { points: 100, label: 'Đúng hạn' },
                  { points: 50, label: 'Chậm' },
                  { points: 0, label: 'Không ban hành' },
                ],
                method: 'Theo mức',
                evidence: 'Kế hoạch',
              },
              {
                code: '1.1.2',
                title: 'Mức độ hoàn thành kế hoạch',
                max: 200,
                kind: 'threshold',
                scoredBy: 'self',
                ratioLabel: 'Tỷ lệ hoàn thành',
                bands: [
                  { from: 9000, to: null, points: 200 },
                  { from: 7000, to: 9000, points: 100 },
                  { from: 0, to: 7000, points: 0 },
                ],
                method: 'Theo tỷ lệ',
                evidence: 'Báo cáo',
              },
            ],
          },
          { code: '1.2', title: 'Kiểm tra CCHC', max: 100, kind: 'binary', scoredBy: 'self', method: 'Đạt/không đạt', evidence: 'Kế hoạch kiểm tra' },
          {
            code: '1.3',
            title: 'Xử lý sau kiểm tra',
            max: 200,
            kind: 'formula',
            scoredBy: 'self',
            numerator: 'Số vấn đề đã xử lý',
            denominator: 'Tổng số vấn đề',
            mode: 'proportional',
            onZeroDenominator: 'max',
            method: 'Tỷ lệ',
            evidence: 'Báo cáo',
          },
        ],
      },
      {
        code: '2',
        title: 'Cải cách thủ tục hành chính',
        max: 400,
        children: [
          {
            code: '2.1',
            title: 'Hồ sơ giải quyết đúng hạn',
            max: 100,
            kind: 'formula',
            scoredBy: 'self',
            numerator: 'Số hồ sơ đúng hạn',
            denominator: 'Tổng số hồ sơ',
            mode: 'bands',
            bands: [
              { from: 10000, to: null, points: 100 },
              { from: 9500, to: 10000, points: 50 },
              { from: 0, to: 9500, points: 0 },
            ],
            onZeroDenominator: 'notApplicable',
            method: 'Theo khoảng',
            evidence: 'Trích xuất',
          },
          { code: '2.2', title: 'Đánh giá về công khai TTHC', max: 200, kind: 'survey', scoredBy: 'survey', method: 'Điều tra', evidence: 'Không' },
          { code: '2.3', title: 'Sự hài lòng', max: 100, kind: 'satisfaction', scoredBy: 'satisfaction', method: 'Khảo sát', evidence: 'Không' },
        ],
      },
      {
        code: '9',
        title: 'Điểm thưởng',
        max: 100,
        adjustment: 'bonus',
        children: [{ code: '9.1', title: 'Sáng kiến', max: 100, kind: 'bonus', scoredBy: 'self', perOccurrence: 50, method: 'Mỗi lần 0,5', evidence: 'Quyết định' }],
      },
      {
        code: '10',
        title: 'Điểm trừ',
        max: 150,
        adjustment: 'penalty',
        children: [{ code: '10.1', title: 'Bị phê bình', max: 200, kind: 'penalty', scoredBy: 'self', method: 'Trừ', evidence: 'Văn bản' }],
      },
    ],
  };
}

/** Test data broken on purpose: any property at any depth. */
 
export type Loose = any;

/** A deep, mutable copy of a set for tests that break it on purpose. */
export function mutable(set: CriteriaSet): Loose {
  return JSON.parse(JSON.stringify(set));
}

export function loadSample(name: 'departments' | 'districts'): CriteriaSet {
  const text = readFileSync(join(__dirname, '../../seed/criteria', `${name}-2023.sample.json`), 'utf8');
  const result = parseCriteriaSet(JSON.parse(text));
  if (!result.ok) throw new Error(JSON.stringify(result.issues, null, 2));
  return result.value;
}

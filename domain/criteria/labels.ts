import type { Adjustment, LeafKind, ScoredBy, ZeroDenominatorRule } from './types';

/** Vietnamese names of the leaf kinds, as shown to users and written in the Excel template. */
export const LEAF_KIND_LABELS: Readonly<Record<LeafKind, string>> = {
  tiered: 'Theo mức',
  threshold: 'Theo tỷ lệ',
  binary: 'Đạt/Không đạt',
  formula: 'Công thức',
  survey: 'Điều tra XHH',
  satisfaction: 'Khảo sát hài lòng',
  bonus: 'Điểm thưởng',
  penalty: 'Điểm trừ',
};

export const SCORED_BY_LABELS: Readonly<Record<ScoredBy, string>> = {
  self: 'Đơn vị tự chấm',
  survey: 'Điều tra XHH',
  satisfaction: 'Khảo sát hài lòng',
};

export const ADJUSTMENT_SECTION_LABELS: Readonly<Record<Adjustment, string>> = {
  bonus: 'Mục điểm thưởng',
  penalty: 'Mục điểm trừ',
};

export const ZERO_DENOMINATOR_LABELS: Readonly<Record<ZeroDenominatorRule, string>> = {
  max: 'điểm tối đa',
  zero: '0 điểm',
  notApplicable: 'không áp dụng',
};

/**
 * How messages name a node: "Lĩnh vực 3", "Tiêu chí 3.2", "Tiêu chí thành phần 3.2.1", "Mục 9".
 * The level comes from the code's depth.
 */
export function nodeLabel(code: string, adjustmentSection = false): string {
  if (adjustmentSection) return `Mục ${code}`;
  const depth = code.split('.').length;
  const noun = depth === 1 ? 'Lĩnh vực' : depth === 2 ? 'Tiêu chí' : 'Tiêu chí thành phần';
  return `${noun} ${code}`;
}

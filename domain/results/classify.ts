import { formatPercent, isHundredths, type Hundredths } from '../decimal';

/** A classification band (xếp loại): indices from `minIndex` (hundredths of a percent) up to the next band's. */
export interface ClassificationBand {
  readonly code: string;
  readonly label: string;
  readonly minIndex: Hundredths;
}

/**
 * The default classification, configurable per year (Decision 148's own thresholds were not found):
 * A "Xuất sắc" from 90 %, B "Tốt" 80 to under 90 % (the national groups A and B), then C "Khá" 70 to
 * under 80 %, D "Trung bình" 50 to under 70 %, E "Yếu" under 50 %.
 */
export const DEFAULT_CLASSIFICATION: readonly ClassificationBand[] = Object.freeze([
  { code: 'A', label: 'Xuất sắc', minIndex: 9000 },
  { code: 'B', label: 'Tốt', minIndex: 8000 },
  { code: 'C', label: 'Khá', minIndex: 7000 },
  { code: 'D', label: 'Trung bình', minIndex: 5000 },
  { code: 'E', label: 'Yếu', minIndex: 0 },
]);

/** Problems with a classification table, in Vietnamese; empty when usable. */
export function checkClassification(bands: readonly ClassificationBand[]): string[] {
  const problems: string[] = [];
  if (bands.length === 0) return ['Chưa khai báo mức xếp loại nào.'];
  const codes = new Set<string>();
  for (const band of bands) {
    if (band.code.trim() === '' || band.label.trim() === '') problems.push('Mỗi mức xếp loại cần mã và tên.');
    if (codes.has(band.code)) problems.push(`Mã xếp loại ${band.code} bị trùng.`);
    codes.add(band.code);
    if (!isHundredths(band.minIndex) || band.minIndex < 0 || band.minIndex > 10000) {
      problems.push(`Mức ${band.code}: ngưỡng phải từ 0,00% đến 100,00%.`);
    }
  }
  for (let i = 1; i < bands.length; i++) {
    if (bands[i]!.minIndex >= bands[i - 1]!.minIndex) {
      problems.push(`Các mức xếp loại phải theo thứ tự ngưỡng giảm dần (${bands[i - 1]!.code} rồi ${bands[i]!.code}).`);
    }
  }
  const lowest = bands[bands.length - 1]!;
  if (lowest.minIndex !== 0) problems.push(`Mức thấp nhất (${lowest.code}) phải bắt đầu từ 0,00%, không phải ${formatPercent(lowest.minIndex)}.`);
  return problems;
}

/** The band an index falls in (the first, in descending order, whose minIndex it reaches); null if none. */
export function classify(index: Hundredths, bands: readonly ClassificationBand[] = DEFAULT_CLASSIFICATION): ClassificationBand | null {
  for (const band of bands) if (index >= band.minIndex) return band;
  return null;
}

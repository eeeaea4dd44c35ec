import { formatPercent, formatPoints, type Hundredths } from '../decimal';
import { nodeLabel } from './labels';
import type { Band, ValidationIssue } from './types';

/** The band a ratio (hundredths of a percent) falls in: from ≤ ratio < to. */
export function bandFor(bands: readonly Band[], ratio: Hundredths): Band | undefined {
  for (const band of bands) {
    if (ratio >= band.from && (band.to === null || ratio < band.to)) return band;
  }
  return undefined;
}

/** "từ 70,00% đến dưới 90,00%" or "từ 90,00% trở lên". */
export function describeBand(band: Band): string {
  return band.to === null
    ? `từ ${formatPercent(band.from)} trở lên`
    : `từ ${formatPercent(band.from)} đến dưới ${formatPercent(band.to)}`;
}

/**
 * Checks a list of bands for a leaf with maximum `max`: each band well formed with points in
 * [0, max]; together, in order of `from`, they cover [0 %, ∞) without overlap or gap; one of them
 * gives the maximum.
 */
export function checkBands(bands: readonly Band[], max: Hundredths, nodeCode: string, field: string): ValidationIssue[] {
  const who = nodeLabel(nodeCode);
  const issues: ValidationIssue[] = [];
  const at = { nodeCode, field };
  if (bands.length === 0) {
    return [{ code: 'BAND_INVALID', ...at, message: `${who}: chưa khai báo khoảng tỷ lệ nào.` }];
  }
  for (const band of bands) {
    if (band.from < 0 || (band.to !== null && band.to <= band.from)) {
      issues.push({ code: 'BAND_INVALID', ...at, message: `${who}: khoảng ${describeBand(band)} không hợp lệ (cận dưới phải từ 0 và nhỏ hơn cận trên).` });
    }
    if (band.points < 0 || band.points > max) {
      issues.push({
        code: 'BAND_INVALID',
        ...at,
        message: `${who}: khoảng ${describeBand(band)} cho ${formatPoints(band.points)} điểm, ngoài phạm vi 0 đến ${formatPoints(max)}.`,
      });
    }
  }
  if (issues.length > 0) return issues;
  const sorted = [...bands].sort((a, b) => a.from - b.from);
  const first = sorted[0]!;
  if (first.from > 0) {
    issues.push({ code: 'BAND_GAP', ...at, message: `${who}: tỷ lệ từ 0,00% đến dưới ${formatPercent(first.from)} chưa thuộc khoảng nào.` });
  }
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const next = sorted[i]!;
    if (prev.to === null || next.from < prev.to) {
      issues.push({ code: 'BAND_OVERLAP', ...at, message: `${who}: khoảng ${describeBand(prev)} và khoảng ${describeBand(next)} chồng lên nhau.` });
    } else if (next.from > prev.to) {
      issues.push({
        code: 'BAND_GAP',
        ...at,
        message: `${who}: tỷ lệ từ ${formatPercent(prev.to)} đến dưới ${formatPercent(next.from)} chưa thuộc khoảng nào.`,
      });
    }
  }
  const last = sorted[sorted.length - 1]!;
  if (last.to !== null) {
    issues.push({ code: 'BAND_GAP', ...at, message: `${who}: tỷ lệ từ ${formatPercent(last.to)} trở lên chưa thuộc khoảng nào.` });
  }
  if (!bands.some((b) => b.points === max)) {
    issues.push({ code: 'BAND_MAX_MISSING', ...at, message: `${who}: không khoảng nào cho điểm tối đa ${formatPoints(max)}.` });
  }
  return issues;
}

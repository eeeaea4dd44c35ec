import { DomainError } from '../errors';
import type { CriteriaSet } from './types';

export interface CopyOptions {
  /** The new title; by default the old one with its year (as a whole number) replaced by the new year. */
  readonly title?: string;
  /** Whether the copy is still a sample; by default as the original. */
  readonly sample?: boolean;
  /** The new note; by default the original's. */
  readonly note?: string;
}

/**
 * The set carried over to another year: same tree, codes, points and rules, a fresh object that
 * shares nothing with the original. The year in the title follows ("năm 2023" → "năm 2024").
 */
export function copyCriteriaSetToYear(set: CriteriaSet, year: number, options: CopyOptions = {}): CriteriaSet {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) {
    throw new DomainError('INVALID_YEAR', `Năm ${String(year)} không hợp lệ (2000–2100).`);
  }
  if (year === set.year) {
    throw new DomainError('INVALID_YEAR', `Bộ tiêu chí đã thuộc năm ${year}; chọn một năm khác để sao chép.`);
  }
  const copy = JSON.parse(JSON.stringify(set)) as { -readonly [K in keyof CriteriaSet]: CriteriaSet[K] };
  copy.year = year;
  copy.title = options.title ?? set.title.replace(new RegExp(`(?<!\\d)${set.year}(?!\\d)`, 'g'), String(year));
  if (options.sample !== undefined) copy.sample = options.sample;
  if (options.note !== undefined) {
    if (options.note === '') delete copy.note;
    else copy.note = options.note;
  }
  return copy;
}

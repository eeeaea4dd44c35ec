import { formatDateTimeVn, formatDateVn, DAY_MS } from '../../../domain/calendar';
import { formatPercent, formatPoints, tryHundredths, type Hundredths } from '../../../domain/decimal';

/**
 * How the UI writes numbers and dates: points and indices with two decimals and a comma ("94,49"),
 * dates dd/mm/yyyy in Asia/Ho_Chi_Minh. The API speaks decimal numbers (62.62), the domain integer
 * hundredths (6262); conversions happen here and nowhere else.
 */

export const NONE = '—';

/** API number (1.5) → hundredths (150). */
export function toH(value: number): Hundredths {
  return Math.round(value * 100);
}

/** Hundredths (150) → API number (1.5). */
export function fromH(value: Hundredths): number {
  return value / 100;
}

/** An API number of points as "1,50"; "—" when absent. */
export function points(value: number | null | undefined): string {
  return value === null || value === undefined ? NONE : formatPoints(toH(value));
}

/** An API percentage (94.49) as "94,49%". */
export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? NONE : formatPercent(toH(value));
}

/** What a person typed ("1,5", "1.50", " 2 ") as hundredths, or null when it is not a number with ≤ 2 decimals. */
export function parsePoints(text: string): Hundredths | null {
  const value = tryHundredths(text.trim());
  return value === null || value < 0 ? null : value;
}

/** An ISO instant or date as dd/mm/yyyy in Vietnam. */
export function date(iso: string | null | undefined): string {
  if (!iso) return NONE;
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? Date.parse(`${iso}T00:00:00+07:00`) : Date.parse(iso);
  return Number.isNaN(ms) ? NONE : formatDateVn(ms);
}

/** An ISO instant as HH:mm dd/mm/yyyy in Vietnam. */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return NONE;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? NONE : formatDateTimeVn(ms);
}

/** The time now in Vietnam, HH:mm. */
export function timeNow(now = Date.now()): string {
  return formatDateTimeVn(now).slice(0, 5);
}

/** "còn 5 ngày", "còn 3 giờ", "quá hạn 2 ngày" relative to now. */
export function countdown(deadlineIso: string, now = Date.now()): { text: string; overdue: boolean; soon: boolean } {
  const left = Date.parse(deadlineIso) - now;
  const overdue = left < 0;
  const abs = Math.abs(left);
  const days = Math.floor(abs / DAY_MS);
  const hours = Math.floor((abs % DAY_MS) / 3_600_000);
  const span = days >= 1 ? `${days} ngày${hours ? ` ${hours} giờ` : ''}` : hours >= 1 ? `${hours} giờ` : `${Math.max(1, Math.floor(abs / 60_000))} phút`;
  return { text: overdue ? `quá hạn ${span}` : `còn ${span}`, overdue, soon: !overdue && left < 3 * DAY_MS };
}

/** Today's date in Vietnam as YYYY-MM-DD (for date inputs). */
export function todayIso(now = Date.now()): string {
  return formatDateVn(now).split('/').reverse().join('-');
}

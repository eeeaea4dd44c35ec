/**
 * Dates of the province's calendar. Deadlines are given as dates in Asia/Ho_Chi_Minh, which has kept
 * UTC+07:00 without daylight saving since 1975, so the conversion is exact arithmetic, no clock.
 */

const OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export type IsoDate = string;

function parts(date: IsoDate): [number, number, number] {
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`Ngày không hợp lệ: "${date}" (cần dạng YYYY-MM-DD)`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) {
    throw new RangeError(`Ngày không tồn tại: "${date}"`);
  }
  return [y, mo, d];
}

export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  try {
    parts(value);
    return true;
  } catch {
    return false;
  }
}

/** The last millisecond of the given day in Vietnam, as epoch milliseconds. */
export function endOfDayVn(date: IsoDate): number {
  const [y, m, d] = parts(date);
  return Date.UTC(y, m - 1, d) + DAY_MS - 1 - OFFSET_MS;
}

/** The first millisecond of the given day in Vietnam, as epoch milliseconds. */
export function startOfDayVn(date: IsoDate): number {
  const [y, m, d] = parts(date);
  return Date.UTC(y, m - 1, d) - OFFSET_MS;
}

/** The date (YYYY-MM-DD) an instant falls on in Vietnam. */
export function vnDateOf(epochMs: number): IsoDate {
  return new Date(epochMs + OFFSET_MS).toISOString().slice(0, 10);
}

/** dd/mm/yyyy of an instant, in Vietnam. */
export function formatDateVn(epochMs: number): string {
  const local = new Date(epochMs + OFFSET_MS);
  const dd = String(local.getUTCDate()).padStart(2, '0');
  const mm = String(local.getUTCMonth() + 1).padStart(2, '0');
  return `${dd}/${mm}/${local.getUTCFullYear()}`;
}

/** HH:mm dd/mm/yyyy of an instant, in Vietnam. */
export function formatDateTimeVn(epochMs: number): string {
  const local = new Date(epochMs + OFFSET_MS);
  const hh = String(local.getUTCHours()).padStart(2, '0');
  const mi = String(local.getUTCMinutes()).padStart(2, '0');
  return `${hh}:${mi} ${formatDateVn(epochMs)}`;
}

export function addDays(epochMs: number, days: number): number {
  return epochMs + days * DAY_MS;
}

export { DAY_MS };

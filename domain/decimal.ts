import { DomainError } from './errors';

/**
 * Exact decimal arithmetic for the index: every point value, ratio and index percentage is an integer
 * number of hundredths (62.62 points = 6262; 94.49 % = 9449). Sums are exact integer sums. Wherever a
 * rule divides, it calls `mulDivRoundHalfUp` once, so each rounding is explicit and visible:
 * - survey, satisfaction and proportional-formula leaves are rounded to the hundredth at the leaf;
 * - a ratio computed from a formula's variables is rounded to the hundredth of a percent before its
 *   bands are looked up (so the scored band is the one the displayed ratio falls in);
 * - an index (unit, field, criterion) is rounded once, from the exact integer totals.
 */
export type Hundredths = number;

/** 100.00 % in hundredths of a percent. */
export const FULL_PERCENT: Hundredths = 10000;

const DECIMAL = /^([+-]?)(\d+)(?:[.,](\d{1,2}))?$/;

/**
 * The exact number of hundredths in `value`, or null. Accepts finite numbers and strings with at most
 * two decimals; a string may use "," or "." as the decimal separator ("94,49", "94.49"). Refuses NaN,
 * infinities, exponent notation, thousands separators and anything with more than two decimals
 * (0.1 + 0.2 is refused: it is 0.30000000000000004, not 0.3).
 */
export function tryHundredths(value: unknown): Hundredths | null {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    text = String(value);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    return null;
  }
  const m = DECIMAL.exec(text);
  if (!m) return null;
  const whole = m[2] ?? '';
  const fraction = (m[3] ?? '').padEnd(2, '0');
  const n = Number(whole) * 100 + Number(fraction);
  if (!Number.isSafeInteger(n)) return null;
  return m[1] === '-' && n !== 0 ? -n : n;
}

/** Like `tryHundredths`, but throws a DomainError (code INVALID_NUMBER) naming the value. */
export function toHundredths(value: number | string): Hundredths {
  const h = tryHundredths(value);
  if (h === null) {
    throw new DomainError(
      'INVALID_NUMBER',
      `Giá trị "${String(value)}" không phải là số hợp lệ có tối đa 2 chữ số thập phân.`,
    );
  }
  return h;
}

/** True when `value` is a usable hundredths value: a safe integer. */
export function isHundredths(value: unknown): value is Hundredths {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

function assertHundredths(h: number): void {
  if (!Number.isSafeInteger(h)) {
    throw new DomainError('INVALID_NUMBER', `Giá trị ${String(h)} không phải là số nguyên phần trăm (hundredths).`);
  }
}

/** The value as a JavaScript number (62.62). For display and charts only, never for arithmetic. */
export function fromHundredths(h: Hundredths): number {
  assertHundredths(h);
  return h / 100;
}

/** "6262" → "62,62": always two decimals; "," by default (Vietnamese), "." on request. */
export function formatHundredths(h: Hundredths, decimalSeparator: ',' | '.' = ','): string {
  assertHundredths(h);
  const abs = Math.abs(h);
  const whole = Math.floor(abs / 100);
  const fraction = abs - whole * 100;
  return `${h < 0 ? '-' : ''}${whole}${decimalSeparator}${fraction < 10 ? '0' : ''}${fraction}`;
}

/** Points for Vietnamese display: 6262 → "62,62". */
export function formatPoints(h: Hundredths): string {
  return formatHundredths(h, ',');
}

/** A percentage for Vietnamese display: 9449 → "94,49%". */
export function formatPercent(h: Hundredths): string {
  return `${formatHundredths(h, ',')}%`;
}

/**
 * round(a × b ÷ d), half-up, exactly, for non-negative safe integers a, b and positive d. Uses number
 * arithmetic while a × b is a safe integer (the quotient of two integers below 2^53 floors exactly) and
 * BigInt beyond that; throws if the result itself is not a safe integer.
 */
export function mulDivRoundHalfUp(a: number, b: number, d: number): number {
  if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || !Number.isSafeInteger(d) || a < 0 || b < 0 || d <= 0) {
    throw new DomainError('INVALID_NUMBER', `Phép chia ${a} × ${b} ÷ ${d} cần số nguyên không âm và số chia dương.`);
  }
  const p = a * b;
  if (Number.isSafeInteger(p)) {
    const q = Math.floor(p / d);
    const r = p - q * d;
    return 2 * r >= d ? q + 1 : q;
  }
  const P = BigInt(a) * BigInt(b);
  const D = BigInt(d);
  let q = P / D;
  if (2n * (P % D) >= D) q += 1n;
  if (q > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new DomainError('INVALID_NUMBER', `Kết quả của ${a} × ${b} ÷ ${d} vượt quá phạm vi số nguyên an toàn.`);
  }
  return Number(q);
}

/** part ÷ whole as hundredths of a percent, rounded half-up once (62.62 of 66.27 → 9449). */
export function percentOf(part: Hundredths, whole: Hundredths): Hundredths {
  return mulDivRoundHalfUp(part, FULL_PERCENT, whole);
}

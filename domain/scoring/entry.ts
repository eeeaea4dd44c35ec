import { formatPercent, formatPoints, isHundredths, mulDivRoundHalfUp, percentOf, type Hundredths } from '../decimal';
import { bandFor, describeBand } from '../criteria/bands';
import { LEAF_KIND_LABELS, nodeLabel } from '../criteria/labels';
import type { Band, LeafNode } from '../criteria/types';

/**
 * What a person enters for a self-scored leaf — the unit (self-assessment) or an appraiser (round 1 or
 * round 2). Which keys a leaf takes depends on its kind:
 * - tiered: `points` (one of the levels);
 * - binary: `achieved`, or `points` (0 or max);
 * - threshold: `ratio` (hundredths of a percent; the points follow), optionally with `points`, which
 *   must then agree; or `points` alone (one of the bands' points);
 * - formula: `numerator` and `denominator` (hundredths, same unit), optionally with agreeing `points`;
 *   or `points` alone;
 * - bonus/penalty: `points` (0 to the item's cap), or `occurrences` when the item has `perOccurrence`.
 * Survey and satisfaction leaves take no entry: their points come from the surveys.
 */
export interface ScoreEntry {
  readonly points?: Hundredths;
  readonly ratio?: Hundredths;
  readonly numerator?: Hundredths;
  readonly denominator?: Hundredths;
  readonly achieved?: boolean;
  readonly occurrences?: number;
}

export type ScoreRefusalCode =
  | 'NOT_SELF_SCORED'
  | 'MISSING_VALUE'
  | 'UNEXPECTED_VALUE'
  | 'INVALID_NUMBER'
  | 'SCORE_OUT_OF_RANGE'
  | 'SCORE_NOT_ALLOWED'
  | 'SCORE_MISMATCH'
  | 'UNKNOWN_NODE';

/** Why an entry was refused; `message` is Vietnamese, names the leaf and, where useful, the allowed values. */
export interface ScoreRefusal {
  readonly code: ScoreRefusalCode;
  readonly nodeCode: string;
  readonly message: string;
  /** The only points the leaf accepts (descending), where it accepts a fixed list. */
  readonly allowed?: readonly Hundredths[];
  /** The points the rule gives for the entered ratio or variables, on SCORE_MISMATCH. */
  readonly expected?: Hundredths;
}

export type EntryOutcome =
  | {
      readonly ok: true;
      /** The points the entry gives (0 when notApplicable). */
      readonly points: Hundredths;
      /** The ratio behind them (threshold, formula), hundredths of a percent; null otherwise. */
      readonly ratio: Hundredths | null;
      /** A formula whose denominator is 0 and whose rule is "not applicable". */
      readonly notApplicable: boolean;
    }
  | { readonly ok: false; readonly refusal: ScoreRefusal };

type EntryKey = keyof ScoreEntry;
const ACCEPTS: Readonly<Record<LeafNode['kind'], readonly EntryKey[]>> = {
  tiered: ['points'],
  binary: ['points', 'achieved'],
  threshold: ['points', 'ratio'],
  formula: ['points', 'numerator', 'denominator'],
  bonus: ['points', 'occurrences'],
  penalty: ['points', 'occurrences'],
  survey: [],
  satisfaction: [],
};
const NUMERIC_KEYS = ['points', 'ratio', 'numerator', 'denominator'] as const;

/**
 * The points an entry gives under the leaf's rule, or the refusal. Self-scores, round 1 and round 2
 * appraisals all pass through here, so one rule decides what a leaf accepts. (Hot path: messages are
 * built only when refusing, and nothing is allocated per call beyond the outcome.)
 */
export function evaluateEntry(leaf: LeafNode, entry: ScoreEntry): EntryOutcome {
  if (leaf.scoredBy !== 'self') {
    const source = leaf.scoredBy === 'survey' ? 'điều tra xã hội học' : 'khảo sát sự hài lòng';
    return refuse(leaf, 'NOT_SELF_SCORED', `điểm lấy từ kết quả ${source}, không nhập điểm cho tiêu chí này.`);
  }
  const accepts = ACCEPTS[leaf.kind];
  for (const key in entry) {
    if (entry[key as EntryKey] !== undefined && !accepts.includes(key as EntryKey)) {
      return refuse(leaf, 'UNEXPECTED_VALUE', `tiêu chí loại ${LEAF_KIND_LABELS[leaf.kind]} không nhận “${key}”; chỉ nhận: ${accepts.join(', ')}.`);
    }
  }
  for (const key of NUMERIC_KEYS) {
    const value = entry[key];
    if (value !== undefined && (!isHundredths(value) || value < 0)) {
      return key === 'points' && isHundredths(value)
        ? refuse(leaf, 'SCORE_OUT_OF_RANGE', `điểm không được âm (nhận được ${formatPoints(value)}).`)
        : refuse(leaf, 'INVALID_NUMBER', `“${key}” phải là số không âm, tính theo phần trăm (150 = 1,50), nhận được ${String(value)}.`);
    }
  }
  if (entry.occurrences !== undefined && (!Number.isSafeInteger(entry.occurrences) || entry.occurrences < 0)) {
    return refuse(leaf, 'INVALID_NUMBER', `số lần phải là số nguyên không âm, nhận được ${String(entry.occurrences)}.`);
  }
  if (entry.achieved !== undefined && typeof entry.achieved !== 'boolean') {
    return refuse(leaf, 'INVALID_NUMBER', '“achieved” phải là true (đạt) hoặc false (không đạt).');
  }

  switch (leaf.kind) {
    case 'tiered':
      return entry.points === undefined ? missing(leaf, 'điểm') : checkPoints(leaf, entry.points);
    case 'binary':
      if (entry.achieved !== undefined) {
        return agree(leaf, entry, entry.achieved ? leaf.max : 0, null, () => `với kết quả “${entry.achieved ? 'đạt' : 'không đạt'}”`);
      }
      return entry.points === undefined ? missing(leaf, 'kết quả đạt/không đạt') : checkPoints(leaf, entry.points);
    case 'threshold': {
      const ratio = entry.ratio;
      if (ratio === undefined) return entry.points === undefined ? missing(leaf, 'tỷ lệ') : checkPoints(leaf, entry.points);
      const band = bandFor(leaf.bands, ratio);
      if (!band) return refuse(leaf, 'SCORE_OUT_OF_RANGE', `tỷ lệ ${formatPercent(ratio)} không thuộc khoảng nào của tiêu chí.`);
      return agree(leaf, entry, band.points, ratio, () => `với tỷ lệ ${formatPercent(ratio)} (${describeBand(band)})`);
    }
    case 'formula': {
      const { numerator, denominator } = entry;
      if (numerator === undefined && denominator === undefined) {
        return entry.points === undefined ? missing(leaf, `${leaf.numerator} và ${leaf.denominator}`) : checkPoints(leaf, entry.points);
      }
      if (numerator === undefined) return missing(leaf, leaf.numerator);
      if (denominator === undefined) return missing(leaf, leaf.denominator);
      if (denominator === 0) {
        const rule = leaf.onZeroDenominator;
        if (rule === 'notApplicable') {
          return entry.points === undefined ? accepted(0, null, true) : refuse(leaf, 'SCORE_MISMATCH', 'mẫu số bằng 0 nên tiêu chí không áp dụng, không nhập điểm.');
        }
        return agree(leaf, entry, rule === 'max' ? leaf.max : 0, null, () => 'với mẫu số bằng 0');
      }
      const ratio = percentOf(numerator, denominator);
      if (leaf.mode === 'proportional') {
        return agree(leaf, entry, Math.min(leaf.max, mulDivRoundHalfUp(leaf.max, numerator, denominator)), ratio, () => `với tỷ lệ ${formatPercent(ratio)}`);
      }
      const band = bandFor(leaf.bands ?? [], ratio);
      if (!band) return refuse(leaf, 'SCORE_OUT_OF_RANGE', `tỷ lệ ${formatPercent(ratio)} không thuộc khoảng nào của tiêu chí.`);
      return agree(leaf, entry, band.points, ratio, () => `với tỷ lệ ${formatPercent(ratio)} (${describeBand(band)})`);
    }
    case 'bonus':
    case 'penalty': {
      const occurrences = entry.occurrences;
      if (occurrences !== undefined) {
        if (leaf.perOccurrence === undefined) return refuse(leaf, 'UNEXPECTED_VALUE', 'khoản này không tính theo số lần; nhập số điểm.');
        return agree(leaf, entry, Math.min(leaf.max, occurrences * leaf.perOccurrence), null, () => `với ${occurrences} lần`);
      }
      return entry.points === undefined ? missing(leaf, 'điểm hoặc số lần') : checkPoints(leaf, entry.points);
    }
    case 'survey':
    case 'satisfaction':
      return refuse(leaf, 'NOT_SELF_SCORED', 'không nhập điểm cho tiêu chí này.');
  }
}

function accepted(points: Hundredths, ratio: Hundredths | null = null, notApplicable = false): EntryOutcome {
  return { ok: true, points, ratio, notApplicable };
}

function refuse(leaf: LeafNode, code: ScoreRefusalCode, message: string, extra?: Partial<ScoreRefusal>): EntryOutcome {
  return { ok: false, refusal: { code, nodeCode: leaf.code, message: `${nodeLabel(leaf.code)}: ${message}`, ...extra } };
}

function missing(leaf: LeafNode, what: string): EntryOutcome {
  return refuse(leaf, 'MISSING_VALUE', `chưa nhập ${what}.`);
}

/** Checks an entered `points` against the leaf's fixed list, or against [0, max]. */
function checkPoints(leaf: LeafNode, points: Hundredths): EntryOutcome {
  const allowed = allowedPoints(leaf);
  if (allowed === null) {
    return points > leaf.max ? refuse(leaf, 'SCORE_OUT_OF_RANGE', `điểm ${formatPoints(points)} vượt điểm tối đa ${formatPoints(leaf.max)}.`) : accepted(points);
  }
  return allowed.includes(points)
    ? accepted(points)
    : refuse(leaf, 'SCORE_NOT_ALLOWED', `điểm ${formatPoints(points)} không đúng quy định; các mức được phép: ${describeAllowed(leaf, allowed)}.`, { allowed });
}

/** Points computed from a ratio or variables; an entered `points` must agree. `basis` words the refusal. */
function agree(leaf: LeafNode, entry: ScoreEntry, computed: Hundredths, ratio: Hundredths | null, basis: () => string): EntryOutcome {
  if (entry.points !== undefined && entry.points !== computed) {
    return refuse(leaf, 'SCORE_MISMATCH', `${basis()}, điểm đúng là ${formatPoints(computed)}, không phải ${formatPoints(entry.points)}.`, { expected: computed });
  }
  return accepted(computed, ratio);
}

/**
 * The only points a leaf accepts when they form a fixed list (descending, distinct): levels, 0/max,
 * the bands' points, multiples of a bonus/penalty item's perOccurrence up to its cap. Null when any
 * value from 0 to max is accepted (proportional formula, bonus/penalty without perOccurrence); empty for
 * survey and satisfaction leaves, which take no entry.
 */
export function allowedPoints(leaf: LeafNode): readonly Hundredths[] | null {
  let allowed = allowedCache.get(leaf);
  if (allowed === undefined) {
    const computed = computeAllowed(leaf);
    allowed = computed === null ? null : Object.freeze(computed);
    allowedCache.set(leaf, allowed);
  }
  return allowed;
}

/** Sets are immutable, so each leaf's list is computed once. */
const allowedCache = new WeakMap<LeafNode, readonly Hundredths[] | null>();

function computeAllowed(leaf: LeafNode): readonly Hundredths[] | null {
  switch (leaf.kind) {
    case 'tiered':
      return distinctDescending(leaf.levels.map((l) => l.points));
    case 'binary':
      return [leaf.max, 0];
    case 'threshold':
      return bandPoints(leaf.bands);
    case 'formula':
      return leaf.mode === 'bands' ? bandPoints(leaf.bands ?? []) : null;
    case 'bonus':
    case 'penalty': {
      const step = leaf.perOccurrence;
      if (step === undefined || step <= 0) return null;
      const values = [leaf.max];
      for (let p = 0; p < leaf.max; p += step) values.push(p);
      return distinctDescending(values);
    }
    case 'survey':
    case 'satisfaction':
      return [];
  }
}

function bandPoints(bands: readonly Band[]): Hundredths[] {
  return distinctDescending(bands.map((b) => b.points));
}

function distinctDescending(values: readonly number[]): number[] {
  return [...new Set(values)].sort((a, b) => b - a);
}

function describeAllowed(leaf: LeafNode, allowed: readonly Hundredths[]): string {
  if (leaf.kind === 'tiered') {
    return allowed.map((p) => `${formatPoints(p)} (${leaf.levels.find((l) => l.points === p)?.label ?? ''})`).join('; ');
  }
  return allowed.map(formatPoints).join('; ');
}

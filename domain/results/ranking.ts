import type { Hundredths } from '../decimal';
import { DomainError } from '../errors';
import { classify, DEFAULT_CLASSIFICATION, type ClassificationBand } from './classify';

/** One unit's result, as ranking needs it. */
export interface RankingEntry {
  readonly unitCode: string;
  readonly groupCode: string;
  /** Hundredths of a percent; null when nothing applied to the unit. */
  readonly index: Hundredths | null;
  readonly points?: Hundredths;
  readonly max?: Hundredths;
  /** Set when the unit is excluded for dishonesty: it keeps its score but gets no rank. */
  readonly exclusion?: { readonly reason: string };
  /** The unit has no result yet ("chưa có kết quả"): listed apart, never ranked or classified. */
  readonly noResult?: boolean;
}

export interface RankedUnit {
  readonly rank: number;
  readonly unitCode: string;
  readonly index: Hundredths;
  readonly points?: Hundredths;
  readonly max?: Hundredths;
  readonly classification: ClassificationBand | null;
}

export type UnrankedCause = 'EXCLUDED' | 'NO_RESULT' | 'NO_INDEX';

/** A unit listed apart: excluded for dishonesty (with the reason), without a result yet, or with no applicable criteria. */
export interface UnrankedUnit {
  readonly unitCode: string;
  readonly index: Hundredths | null;
  readonly points?: Hundredths;
  readonly max?: Hundredths;
  readonly cause: UnrankedCause;
  readonly reason: string;
}

export interface GroupRanking {
  readonly groupCode: string;
  /** By index descending; equal indices share a rank and the next rank skips (1, 2, 2, 4); ties by unit code. */
  readonly ranked: readonly RankedUnit[];
  /** By unit code. */
  readonly unranked: readonly UnrankedUnit[];
}

/** The reason an exclusion reads when none was recorded. */
export const DEFAULT_EXCLUSION_REASON = 'Thiếu trung thực';
export const NO_RESULT_REASON = 'Chưa có kết quả: đơn vị chưa chấm điểm, chưa nộp hồ sơ tự đánh giá.';
export const NO_INDEX_REASON = 'Không có tiêu chí nào áp dụng cho đơn vị nên không tính được chỉ số.';

/**
 * Ranks each unit group separately, groups in code order. The result depends only on the entries, not
 * on their order. Indices are compared as integer hundredths of a percent, so "equal to the hundredth"
 * is plain equality. Throws DomainError on a unit listed twice or an exclusion without a reason.
 */
export function rankUnits(entries: readonly RankingEntry[], classification: readonly ClassificationBand[] = DEFAULT_CLASSIFICATION): GroupRanking[] {
  const seen = new Set<string>();
  const byGroup = new Map<string, RankingEntry[]>();
  for (const entry of entries) {
    if (seen.has(entry.unitCode)) throw new DomainError('DUPLICATE_UNIT', `Đơn vị ${entry.unitCode} xuất hiện hai lần trong danh sách xếp hạng.`);
    seen.add(entry.unitCode);
    if (entry.exclusion !== undefined && entry.exclusion.reason.trim() === '') {
      throw new DomainError('EXCLUSION_REASON_MISSING', `Đơn vị ${entry.unitCode} bị loại khỏi xếp hạng nhưng chưa ghi lý do.`);
    }
    const list = byGroup.get(entry.groupCode);
    if (list) list.push(entry);
    else byGroup.set(entry.groupCode, [entry]);
  }
  return [...byGroup.keys()].sort(compareCodes).map((groupCode) => rankGroup(groupCode, byGroup.get(groupCode)!, classification));
}

function rankGroup(groupCode: string, entries: readonly RankingEntry[], classification: readonly ClassificationBand[]): GroupRanking {
  const rankable: (RankingEntry & { index: Hundredths })[] = [];
  const unranked: UnrankedUnit[] = [];
  for (const e of entries) {
    const extra = { ...(e.points !== undefined ? { points: e.points } : {}), ...(e.max !== undefined ? { max: e.max } : {}) };
    if (e.exclusion !== undefined) {
      unranked.push({ unitCode: e.unitCode, index: e.index, ...extra, cause: 'EXCLUDED', reason: e.exclusion.reason });
    } else if (e.noResult === true) {
      unranked.push({ unitCode: e.unitCode, index: null, ...extra, cause: 'NO_RESULT', reason: NO_RESULT_REASON });
    } else if (e.index === null) {
      unranked.push({ unitCode: e.unitCode, index: null, ...extra, cause: 'NO_INDEX', reason: NO_INDEX_REASON });
    } else {
      rankable.push(e as RankingEntry & { index: Hundredths });
    }
  }
  rankable.sort((a, b) => b.index - a.index || compareCodes(a.unitCode, b.unitCode));
  const ranked: RankedUnit[] = [];
  for (let i = 0; i < rankable.length; i++) {
    const e = rankable[i]!;
    const previous = ranked[i - 1];
    const rank = previous !== undefined && previous.index === e.index ? previous.rank : i + 1;
    ranked.push({
      rank,
      unitCode: e.unitCode,
      index: e.index,
      ...(e.points !== undefined ? { points: e.points } : {}),
      ...(e.max !== undefined ? { max: e.max } : {}),
      classification: classify(e.index, classification),
    });
  }
  unranked.sort((a, b) => compareCodes(a.unitCode, b.unitCode));
  return { groupCode, ranked, unranked };
}

/** Plain code-unit order: deterministic everywhere, unlike locale comparison. */
function compareCodes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

import { classificationOf, type YearConfig } from '../year-config';
import { rankUnits, type GroupRanking, type RankingEntry } from './ranking';
import type { UnitResults } from './unit';

/** A unit's results as the ranking takes them. */
export function rankingEntry(results: UnitResults): RankingEntry {
  return {
    unitCode: results.unitCode,
    groupCode: results.groupCode,
    index: results.index,
    points: results.points,
    max: results.max,
    ...(results.exclusion ? { exclusion: results.exclusion } : {}),
    ...(results.hasResult ? {} : { noResult: true }),
  };
}

/**
 * The year's ranking, one per unit group: ties share a rank and are listed by unit code; units excluded,
 * without a result yet, or without an index are listed apart with their reason. Groups follow
 * `groupOrder` (codes), then code order for any not in it.
 */
export function yearRanking(units: readonly UnitResults[], config: YearConfig, groupOrder: readonly string[] = []): GroupRanking[] {
  const groups = rankUnits(units.map(rankingEntry), classificationOf(config));
  const position = (code: string) => {
    const i = groupOrder.indexOf(code);
    return i === -1 ? groupOrder.length : i;
  };
  // rankUnits lists groups in code order; the sort is stable, so groups outside groupOrder keep it.
  return [...groups].sort((a, b) => position(a.groupCode) - position(b.groupCode));
}

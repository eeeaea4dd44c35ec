import { rankUnits, type RankingEntry } from '../domain/ranking/rank';
import { classificationOf, type YearConfig } from '../domain/year-config';
import { appendAudit } from '../lib/audit';
import { criteriaSetOf, scoreRows } from '../services/scoring/assessment-score';
import type { ActivityDeps } from './deps';

export interface RankYearArgs {
  workflowId: string;
  year: number;
  at: number;
}

export type RankYearResult = Record<string, { rank: number | null; classification: string | null }>;

/**
 * Scores every unit of the year from the database, ranks each group through the domain and stores
 * totals, ranks and classes. Recomputing gives the same result, so a retry is harmless.
 */
export async function rankYear({ db }: ActivityDeps, a: RankYearArgs): Promise<RankYearResult> {
  const year = await db.year.findUniqueOrThrow({ where: { year: a.year } });
  const config = year.config as unknown as YearConfig;
  const assessments = await db.assessment.findMany({
    where: { year: a.year },
    include: { unit: { select: { code: true } }, group: { select: { code: true } }, criteriaSet: true, leafScores: true },
  });
  const sets = new Map<string, ReturnType<typeof criteriaSetOf>>();
  const entries: RankingEntry[] = [];
  const totals = new Map<string, { points: number; max: number; index: number | null }>();
  for (const assessment of assessments) {
    let set = sets.get(assessment.criteriaSetId);
    if (!set) sets.set(assessment.criteriaSetId, (set = criteriaSetOf(assessment.criteriaSet.tree)));
    const score = scoreRows(set, assessment.leafScores, config, assessment.unit.code);
    totals.set(assessment.id, { points: score.points, max: score.max, index: score.index });
    entries.push({
      unitCode: assessment.unit.code,
      groupCode: assessment.group.code,
      index: score.index,
      points: score.points,
      max: score.max,
      ...(assessment.excluded ? { exclusion: { reason: assessment.exclusionReason ?? 'Thiếu trung thực' } } : {}),
    });
  }
  const groups = rankUnits(entries, classificationOf(config));
  const result: RankYearResult = {};
  for (const group of groups) {
    for (const r of group.ranked) result[r.unitCode] = { rank: r.rank, classification: r.classification?.label ?? null };
    for (const u of group.unranked) result[u.unitCode] = { rank: null, classification: null };
  }

  await db.$transaction(async (tx) => {
    for (const assessment of assessments) {
      const t = totals.get(assessment.id)!;
      const r = result[assessment.unit.code]!;
      await tx.assessment.update({
        where: { id: assessment.id },
        data: { points: t.points, maxPoints: t.max, indexPct: t.index, rank: r.rank, classification: r.classification },
      });
    }
    await appendAudit(tx, {
      at: new Date(a.at),
      actor: 'system',
      year: a.year,
      action: 'year.ranked',
      target: String(a.year),
      after: groups.map((g) => ({ group: g.groupCode, ranked: g.ranked.map((r) => [r.unitCode, r.rank, r.index]), unranked: g.unranked.map((u) => [u.unitCode, u.cause]) })),
      dedupeKey: `${a.workflowId}/ranked`,
    });
  });
  return result;
}
